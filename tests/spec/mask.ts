// Masks what changes from run to run in a spec case's output, so its expectation can be exact:
// the fresh data folder, wall-clock times, durations and generated ids. The expectation holds the
// mask's placeholder (`<time>`), so a reader sees where a varying value stands.

export interface MaskContext {
  /** The case's VBRS_HOME (and working folder). */
  home: string;
}

const MASKS: [RegExp, string][] = [
  // Restore point ids: the creation time and a random suffix.
  [/\b\d{8}T\d{9}Z-[0-9a-f]{4}\b/g, '<id>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<guid>'],
  // DateTime as PowerShell's invariant culture prints it, and ISO 8601.
  [/\b\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M\b/g, '<time>'],
  [/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  // TimeSpan: 00:00:00.5320000
  [/\b\d{2}:\d{2}:\d{2}\.\d{7}\b/g, '<duration>'],
  // -Verbose's session log lines start with the time of day; log lines time their steps in ms.
  [/^VERBOSE: \d{2}:\d{2}:\d{2} /gm, 'VERBOSE: <clock> '],
  [/\b\d+ ms\b/g, '<n> ms'],
];

export function mask(text: string, ctx: MaskContext): string {
  let out = text.split(ctx.home).join('$VBRS_HOME');
  for (const [re, placeholder] of MASKS) out = out.replace(re, placeholder);
  return out;
}
