// The kinds of named object whose names Tab completes as a parameter's value. A parameter
// definition declares its kind (`completion: 'job'`); the runtime only carries it, and the one
// registry that lists each kind's names is src/cmdlets/completion-sources.ts (typed, so a kind
// without a source does not compile).
export const completionKinds = ['job', 'vm', 'proxy', 'repository', 'host', 'datastore', 'array', 'credential', 'lab'] as const;

export type CompletionKind = (typeof completionKinds)[number];
