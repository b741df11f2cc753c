// What the session knows about a defined function or filter: its body and its comment-based help.
// Functions live in scopes (see scope.ts); `Import-Module` copies exported ones into the caller's.
import type { ScriptBlockValue } from '../script-block.ts';
import type { CommentHelp } from './comment-help.ts';
import type { Scope } from './scope.ts';

export interface FunctionInfo {
  name: string;
  block: ScriptBlockValue;
  isFilter: boolean;
  help: CommentHelp | null;
  /** The module that defined it, when imported from one. */
  module: string | null;
  /** For module functions: the module's scope, which their calls use as parent instead of the
   *  caller's, so they see the module's private functions and `$script:` variables. */
  scope?: Scope;
}
