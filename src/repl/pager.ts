// The REPL's side of paging (Out-Host -Paging, `more`): the `-- More --` line and what its keys
// mean, as in PowerShell's console host. The counting of rows lives with the cmdlets
// (src/runtime/cmdlets/paged-host-output.ts); the host only shows the line and reads the answer.
import type { MoreAnswer } from '../runtime/cmdlet.ts';
import type { KeyInfo } from './key-binding.ts';

export const morePrompt = '-- More --  <SPACE> next page; <CR> next line; Q quit';

/** Space: a page more; Enter: a line more; q, Q or Ctrl+C: stop. Other keys are not an answer. */
export function moreAnswer(input: string, key: KeyInfo): MoreAnswer | null {
  if (key.return) return 'line';
  if (key.ctrl) return input === 'c' ? 'quit' : null;
  if (key.meta) return null;
  if (input === ' ') return 'page';
  if (input === 'q' || input === 'Q') return 'quit';
  return null;
}
