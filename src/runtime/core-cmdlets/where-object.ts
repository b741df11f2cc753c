// Where-Object (?, where): keeps the items for which a script block is true (`$_` is the item,
// run in the caller's scope), or the simplified form `Where-Object Name -eq 'x'` comparing a
// property with a value through the same operators as the language.
import type { CmdletDef, ParameterDef } from '../cmdlet.ts';
import { ScriptBlockValue } from '../script-block.ts';
import { toBoolean, toStringValue } from '../values/convert.ts';
import { getMember } from '../members/index.ts';
import { binaryOperator } from '../operators/index.ts';
import { invokeScriptBlock } from '../interpreter/script-command.ts';
import { unwrap } from '../interpreter/interpreter.ts';
import { coreOf } from './core-access.ts';
import { ErrorRecord, TerminatingError } from '../error-record.ts';

const OPERATORS = [
  'EQ', 'NE', 'GT', 'GE', 'LT', 'LE', 'Like', 'NotLike', 'Match', 'NotMatch', 'Contains', 'NotContains', 'In', 'NotIn', 'Is', 'IsNot',
  'CEQ', 'CNE', 'CGT', 'CGE', 'CLT', 'CLE', 'CLike', 'CNotLike', 'CMatch', 'CNotMatch', 'CContains', 'CNotContains', 'CIn', 'CNotIn', 'Not',
];

export const whereObjectCmdlet: CmdletDef = {
  name: 'Where-Object',
  aliases: ['?', 'where'],
  parameters: [
    { name: 'FilterScript', type: 'object', position: 0, aliases: ['Property'], help: 'A script block returning true for items to keep, or a property name.' },
    { name: 'Value', type: 'object', position: 1 },
    { name: 'InputObject', type: 'object', valueFromPipeline: true },
    ...OPERATORS.map((name): ParameterDef => ({ name, type: 'switch' })),
  ],
  help: {
    synopsis: 'Selects the objects that match a condition.',
    examples: [
      { code: '1..10 | Where-Object { $_ % 2 -eq 0 }', remarks: 'Even numbers.' },
      { code: "[pscustomobject]@{Name='a'}, [pscustomobject]@{Name='b'} | Where-Object Name -eq 'b'" },
    ],
  },
  create(params, ctx) {
    const { interp, exec } = coreOf(ctx);
    const op = OPERATORS.find((o) => params[o] === true);
    // A value to compare with but no operator switched on (`-GT:$false -Value 25`): PowerShell's error.
    if (!op && 'Value' in params && !(params.FilterScript instanceof ScriptBlockValue)) {
      throw new TerminatingError(ErrorRecord.fromMessage(
        'An operator is required to compare the two specified values. Include a valid operator in the command, and then try the command again. For example, Get-Process | Where-Object -Property Name -eq Idle',
        'System.Management.Automation.PSArgumentException', 'OperatorNotSpecified,Microsoft.PowerShell.Commands.WhereObjectCommand', 'InvalidArgument', null));
    }
    const test = async (item: unknown): Promise<boolean> => {
      const f = params.FilterScript;
      if (f instanceof ScriptBlockValue) return toBoolean(unwrap(await invokeScriptBlock(interp, f, exec, { args: [], dollarUnder: item, dotSource: true })));
      const prop = await getMember(item, toStringValue(f));
      if (!op) return toBoolean(prop);
      if (op === 'Not') return !toBoolean(prop);
      const r = await binaryOperator('-' + op.toLowerCase(), prop ?? null, params.Value ?? null, ctx.invoker);
      return toBoolean(r);
    };
    return {
      async process(input) {
        const item = input === undefined ? ('InputObject' in params ? params.InputObject : undefined) : input;
        if (item === undefined) return;
        if (await test(item)) await ctx.emit(item);
      },
    };
  },
};
