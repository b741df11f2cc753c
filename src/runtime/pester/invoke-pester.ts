// Invoke-Pester: finds the test files (`*.Tests.vbrs`, `*.Tests.ps1`) under -Path, runs them
// (discovery, then the run), writes Pester's screen report, and with -PassThru returns the result
// object; -OutputFile / -CI write NUnit XML; -CI exits with the failed count, as Pester's does.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { hasWildcard, wildcardMatch } from '../../engine/infra/wildcard.ts';
import type { CmdletDef } from '../cmdlet.ts';
import { PSException } from '../error-record.ts';
import { ExitSignal } from '../interpreter/control-flow.ts';
import { coreOf } from '../core-cmdlets/core-access.ts';
import { toStringValue } from '../values/convert.ts';
import { ScreenReport, type Verbosity } from './screen-report.ts';
import { TestRunner } from './test-runner.ts';
import { runResult } from './run-result.ts';
import { failureCount } from './run-totals.ts';
import { nunitXml } from './nunit-xml.ts';

const TEST_FILE = /\.Tests\.(vbrs|ps1)$/i;

/** Test files under a folder, depth first, sorted; dependency and hidden folders are not searched. */
function findTestFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue; // a dangling link
    }
    if (st.isDirectory()) {
      if (name !== 'node_modules' && !name.startsWith('.')) out.push(...findTestFiles(p));
    } else if (TEST_FILE.test(name)) out.push(p);
  }
  return out;
}

/** The files a -Path list names: folders are searched, files are taken as they are. */
export function resolveTestFiles(paths: string[], cwd: string): string[] {
  const files: string[] = [];
  for (const p of paths) {
    const full = isAbsolute(p) ? p : resolve(cwd, p);
    // `./tests/*.Tests.ps1`: a wildcard in the last part of the path, as Pester resolves it.
    if (!existsSync(full) && hasWildcard(basename(full)) && existsSync(dirname(full))) {
      const matches = readdirSync(dirname(full)).filter((n) => wildcardMatch(n, basename(full))).sort().map((n) => join(dirname(full), n));
      if (matches.length) {
        files.push(...resolveTestFiles(matches, cwd));
        continue;
      }
    }
    if (!existsSync(full)) throw new PSException(`Cannot find path '${full}' because it does not exist.`, 'System.Management.Automation.ItemNotFoundException');
    if (statSync(full).isDirectory()) files.push(...findTestFiles(full));
    else files.push(full);
  }
  return [...new Set(files)];
}

export const invokePesterCmdlet: CmdletDef = {
  name: 'Invoke-Pester',
  parameters: [
    { name: 'Path', type: 'string[]', position: 0, aliases: ['Script'] },
    { name: 'Output', type: 'string', validateSet: ['None', 'Normal', 'Detailed', 'Diagnostic'] },
    { name: 'PassThru', type: 'switch' },
    { name: 'TagFilter', type: 'string[]', aliases: ['Tag'] },
    { name: 'ExcludeTagFilter', type: 'string[]', aliases: ['ExcludeTag'] },
    { name: 'CI', type: 'switch' },
    { name: 'OutputFile', type: 'string' },
    { name: 'OutputFormat', type: 'string', validateSet: ['NUnitXml', 'NUnit2.5'] },
  ],
  help: {
    synopsis: 'Runs Pester 5 tests: *.Tests.vbrs and *.Tests.ps1 files under -Path (default: the current folder).',
    description: 'Discovery first (Describe bodies run, It blocks are collected), then the run. -Output None|Normal|Detailed; -TagFilter / -ExcludeTagFilter select tests by tag; -PassThru returns the result object; -OutputFile writes NUnit XML; -CI writes testResults.xml and exits with the number of failures.',
    examples: [{ code: 'Invoke-Pester -Path ./tests -Output Detailed', needs: 'interactive' }, { code: '$r = Invoke-Pester ./runbooks -PassThru; $r.FailedCount', needs: 'interactive' }],
  },
  create(params, ctx) {
    return {
      async end() {
        const { interp, exec } = coreOf(ctx);
        const paths = ((params.Path as unknown[] | undefined) ?? ['.']).map((p) => toStringValue(p));
        const files = resolveTestFiles(paths, ctx.cwd);
        const wanted = toStringValue(params.Output ?? 'Normal');
        const verbosity: Verbosity = /^(detailed|diagnostic)$/i.test(wanted) ? 'Detailed' : /^none$/i.test(wanted) ? 'None' : 'Normal';
        const report = new ScreenReport(verbosity, (line) => ctx.writeHost(line));
        const runner = new TestRunner(interp, exec, report);
        const tags = (name: string) => ((params[name] as unknown[] | undefined) ?? []).map((t) => toStringValue(t));
        const outcome = await runner.run(files, { include: tags('TagFilter'), exclude: tags('ExcludeTagFilter') });
        const outputFile = params.OutputFile !== undefined ? toStringValue(params.OutputFile) : params.CI === true ? 'testResults.xml' : null;
        if (outputFile) writeFileSync(resolve(ctx.cwd, outputFile), nunitXml(outcome, (t) => runner.failuresOf(t), ctx.cwd));
        const failed = failureCount(outcome.totals);
        interp.session.global.setLocal('LASTEXITCODE', failed);
        if (params.PassThru === true) await ctx.emit(runResult(outcome));
        if (params.CI === true && failed > 0) throw new ExitSignal(failed);
      },
    };
  },
};
