// `Should`: collects what is piped to it, picks the operator (`-Be`, `-Throw` …, with `-Not`), binds
// the unnamed arguments after it to that operator's parameters, and on failure throws Pester's
// assertion error: FullyQualifiedErrorId `PesterAssertionFailed`, the message, and the file, line
// and line text of the `Should` (in TargetObject, as Pester's Factory.CreateShouldErrorRecord has them).
import type { CmdletDef, ParameterDef } from '../cmdlet.ts';
import { ErrorRecord, InvocationInfo, PSException, TerminatingError } from '../error-record.ts';
import { PSHashtable } from '../values/hashtable.ts';
import { invokeScriptBlock } from '../interpreter/script-command.ts';
import { coreOf } from '../core-cmdlets/core-access.ts';
import { SHOULD_OPERATORS, type OperatorArgs, type ShouldOperator } from './should-operators.ts';
import { shouldThrow } from './should-throw.ts';
import { guarded } from './guarded.ts';

const OPERATOR_ARGS: (keyof OperatorArgs)[] = ['ExpectedValue', 'ExpectedType', 'RegularExpression', 'ExpectedMessage', 'ErrorId', 'ExceptionType', 'Because'];

const parameters: ParameterDef[] = [
  { name: 'ActualValue', type: 'object', valueFromPipeline: true },
  { name: 'Not', type: 'switch' },
  ...SHOULD_OPERATORS.map((o): ParameterDef => ({ name: o.name, type: 'switch', aliases: o.aliases })),
  ...OPERATOR_ARGS.map((name): ParameterDef => ({ name, type: 'object' })),
  { name: 'PassThru', type: 'switch' },
  { name: 'Arguments', type: 'object[]', valueFromRemainingArguments: true },
];

/** The record a failed assertion throws. */
export function assertionError(message: string, inv: InvocationInfo): ErrorRecord {
  const target = PSHashtable.from([
    ['Message', message],
    ['File', inv.ScriptName],
    ['Line', String(inv.ScriptLineNumber)],
    ['LineText', inv.Line.replace(/[\r\n]+$/, '')],
    ['Terminating', true],
  ]);
  return new ErrorRecord(new PSException(message, 'System.Exception'), 'PesterAssertionFailed', 'InvalidResult', target, inv);
}

function chooseOperator(params: Record<string, unknown>): ShouldOperator {
  const chosen = SHOULD_OPERATORS.filter((o) => params[o.name] === true);
  const first = (params.Arguments as unknown[] | undefined)?.[0];
  // Pester 3's `Should Be 2` (the operator without its dash), refused with Pester 5's own words.
  const legacy = typeof first === 'string' && (first.toLowerCase() === 'not' || SHOULD_OPERATORS.some((o) => o.name.toLowerCase() === first.toLowerCase()));
  if (chosen.length === 0 && legacy) {
    throw new PSException('Legacy Should syntax (without dashes) is not supported in Pester 5. Please refer to migration guide at: https://pester.dev/docs/v5/migrations/v3-to-v4', 'System.Management.Automation.RuntimeException');
  }
  if (chosen.length === 0) throw new PSException('Could not find an assertion operator. Use Should with an operator such as -Be, e.g. 1 | Should -Be 1.', 'System.ArgumentException');
  if (chosen.length > 1) throw new PSException(`Only one assertion operator can be used at a time, got ${chosen.map((o) => '-' + o.name).join(', ')}.`, 'System.ArgumentException');
  return chosen[0]!;
}

export const shouldCmdlet: CmdletDef = {
  name: 'Should',
  parameters,
  help: {
    synopsis: 'Asserts something about the value piped to it; a failed assertion fails the test (Pester 5).',
    description: 'Operators: -Be, -BeExactly, -BeGreaterThan, -BeGreaterOrEqual, -BeLessThan, -BeLessOrEqual, -BeIn, -BeLike, -BeLikeExactly, -BeNullOrEmpty, -BeOfType, -BeTrue, -BeFalse, -Contain, -HaveCount, -Match, -MatchExactly, -Exist, -Throw (-ExpectedMessage, -ErrorId, -ExceptionType). -Not negates; -Because adds a reason to the message.',
    examples: [{ code: '1 + 1 | Should -Be 2' }, { code: "{ throw 'boom' } | Should -Throw -ExpectedMessage 'boom'" }, { code: "'abc' | Should -Not -BeNullOrEmpty -Because 'a name is needed'" }],
  },
  create(params, ctx) {
    const { interp, exec, span } = coreOf(ctx);
    const input: unknown[] = [];
    let piped = false;
    return {
      async process(item) {
        if (item !== undefined || 'ActualValue' in params) {
          piped = true;
          input.push(params.ActualValue);
        }
      },
      async end() {
        const operator = chooseOperator(params);
        const args: Record<string, unknown> = {};
        for (const name of OPERATOR_ARGS) if (name in params) args[name] = params[name];
        const rest = [...((params.Arguments as unknown[] | undefined) ?? [])];
        for (const name of operator.positional) if (!(name in args) && rest.length) args[name] = rest.shift();
        if (rest.length) throw new PSException(`A positional parameter cannot be found that accepts argument '${String(rest[0])}'.`, 'System.Management.Automation.ParameterBindingException');
        const negate = params.Not === true;
        const inv = new InvocationInfo(exec.source, span ?? null, 'Should');
        const check = async (actual: unknown): Promise<void> => {
          let message: string | null;
          if (operator.name === 'Throw') {
            const run = async (sb: Parameters<typeof invokeScriptBlock>[1]) => void (await guarded(interp, () => invokeScriptBlock(interp, sb, exec, { args: [], dotSource: false, out: () => {} })));
            message = await shouldThrow(actual, args as OperatorArgs, negate, run, (rec) => void (params.PassThru === true && ctx.emit(rec)));
          } else message = operator.test!(actual, args as OperatorArgs, { negate, cwd: ctx.cwd });
          if (message !== null) throw new TerminatingError(assertionError(message, inv), true);
        };
        if (!piped || input.length === 0) await check(null);
        else if (operator.arrayInput) await check(input);
        else for (const item of input) await check(item);
      },
    };
  },
};
