// `$_` and `$PSItem` are ordinary variables set in the running scope by catch, trap and switch;
// this sets both and hands back a function that restores what was there before.
import type { Scope } from './scope.ts';

/** Sets `$_`/`$PSItem` in a scope and returns how to put back what was there (by value: the
 *  Variable object itself is updated in place by setLocal). */
export function bindDollarUnder(scope: Scope, value: unknown): () => void {
  const had = scope.getLocal('_');
  const hadValue = had?.value;
  const hadItem = scope.getLocal('PSItem');
  const hadItemValue = hadItem?.value;
  scope.setLocal('_', value);
  scope.setLocal('PSItem', value);
  return () => {
    if (had) scope.setLocal('_', hadValue);
    else scope.removeLocal('_');
    if (hadItem) scope.setLocal('PSItem', hadItemValue);
    else scope.removeLocal('PSItem');
  };
}
