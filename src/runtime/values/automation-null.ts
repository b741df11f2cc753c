// PowerShell's AutomationNull: what a pipeline that wrote nothing evaluates to. It reads as $null
// everywhere (`$null -eq $r`, `$r.Count`, a parameter), but unlike $null it is no object at all:
// `@($r).Count` is 0 and `$r | ForEach-Object { … }` runs nothing, while `@($null).Count` is 1.
// vbrs keeps it only where PowerShell's behaviour differs: a variable assigned from such a pipeline
// remembers it (Variable.automationNull), and an expression written to the output emits nothing.

/** The value of an output-producing expression (a variable, `( … )`, `$( … )`) with no output. */
export const AutomationNull: unique symbol = Symbol('AutomationNull');
export type AutomationNullValue = typeof AutomationNull;
