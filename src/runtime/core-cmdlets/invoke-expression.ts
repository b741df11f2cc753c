// Invoke-Expression (iex): parses a string and runs it in the caller's scope, output streaming
// down the pipeline. A parse error becomes a terminating ParseException.
import type { CmdletDef } from '../cmdlet.ts';
import { toStringValue } from '../values/convert.ts';
import { coreOf } from './core-access.ts';

export const invokeExpressionCmdlet: CmdletDef = {
  name: 'Invoke-Expression',
  aliases: ['iex'],
  parameters: [{ name: 'Command', type: 'string', position: 0, mandatory: true, valueFromPipeline: true, help: 'The text to run.' }],
  help: { synopsis: 'Runs a string as script in the current scope.', examples: [{ code: "Invoke-Expression '1 + 2'" }, { code: "$cmd = '$z = 40 + 2'; Invoke-Expression $cmd; $z" }] },
  create(params, ctx) {
    const { interp, exec } = coreOf(ctx);
    return {
      async process() {
        const text = toStringValue(params.Command);
        // A parse error propagates as is and is reported at its place in the text.
        const sb = interp.session.compileScriptBlock(text, '<Invoke-Expression>');
        const sub = { ...exec, source: sb.source, out: (v: unknown) => ctx.emit(v) };
        await interp.runStatements(sb.ast.begin, sub);
        await interp.runStatements(sb.ast.process, sub);
        await interp.runStatements(sb.ast.end, sub);
      },
    };
  },
};
