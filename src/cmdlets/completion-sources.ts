// Where Tab completion finds the names of each completion kind (src/runtime/completion-kind.ts):
// one lister per kind, reading the engine's public API, so every kind a parameter may declare has
// exactly one source.
import type { Engine } from '../engine/engine.ts';
import type { CompletionKind } from '../runtime/completion-kind.ts';

const completionSources: { readonly [K in CompletionKind]: (engine: Engine) => readonly { Name: string }[] } = {
  job: (engine) => engine.jobs.list(),
  vm: (engine) => engine.vms.list(),
  proxy: (engine) => engine.proxies.list(),
  repository: (engine) => engine.repositories.list(),
  host: (engine) => engine.hosts.list(),
  datastore: (engine) => engine.datastores.list(),
  array: (engine) => engine.arrays.list(),
  credential: (engine) => engine.credentials.list(),
  lab: (engine) => engine.lab.list(),
};

/** The names of the catalog's objects of a kind. */
export function completionNames(engine: Engine, kind: CompletionKind): string[] {
  return completionSources[kind](engine).map((o) => o.Name);
}
