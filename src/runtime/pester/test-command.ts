// `vbrs test [OPTIONS] [PATH…]`: Invoke-Pester on the paths (default: the current folder) with the
// Normal report; the exit status is the number of failed tests, blocks and files (0 when all
// passed, at most 255), as Pester's -CI gives it.
import type { Shell } from '../shell.ts';
import { PSException, TerminatingError } from '../error-record.ts';
import { resolveTestFiles } from './invoke-pester.ts';

export const TEST_USAGE = `Usage: vbrs test [-Output None|Normal|Detailed] [-TagFilter T,…] [-ExcludeTagFilter T,…]
                 [-OutputFile FILE.xml] [PATH…]
  Runs the Pester tests (*.Tests.vbrs, *.Tests.ps1) under each PATH (default: the current folder).
  Exit status: the number of failures (at most 255), 0 when every test passed.
`;

const OPTIONS = new Map(['Output', 'TagFilter', 'ExcludeTagFilter', 'OutputFile', 'OutputFormat'].map((o) => [o.toLowerCase(), o]));

const quote = (s: string) => `'${s.replace(/['‘’‚‛]/g, (q) => q + q)}'`;

/** The Invoke-Pester command line for the arguments, or an error message. */
export function testCommandText(args: string[], cwd: string): { text: string } | { error: string } {
  const paths: string[] = [];
  const named: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-') || a === '-') {
      paths.push(a);
      continue;
    }
    const option = OPTIONS.get(a.replace(/^--?/, '').toLowerCase());
    if (!option) return { error: `vbrs test: unknown option '${a}'` };
    const value = args[++i];
    if (value === undefined) return { error: `vbrs test: ${a} needs a value` };
    const values = /Tag/.test(option) ? value.split(',').map(quote).join(',') : quote(value);
    named.push(`-${option} ${values}`);
  }
  try {
    resolveTestFiles(paths.length ? paths : ['.'], cwd);
  } catch (e) {
    if (e instanceof PSException) return { error: `vbrs test: ${e.message}` };
    throw e;
  }
  const path = paths.length ? `-Path ${paths.map(quote).join(',')} ` : '';
  return { text: `Invoke-Pester ${path}${named.join(' ')} -PassThru` };
}

export async function runTestCommand(shell: Shell, args: string[], stderr: (text: string) => void): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    shell.session.hooks.stdout(TEST_USAGE);
    return 0;
  }
  const command = testCommandText(args, shell.session.cwd);
  if ('error' in command) {
    stderr(`${command.error}\n${command.error.includes('option') || command.error.includes('value') ? TEST_USAGE : ''}`);
    return 2;
  }
  let out: unknown[];
  try {
    out = await shell.invoke(command.text, '<vbrs test>');
  } catch (e) {
    // Stopped with Ctrl-C: no error text, the conventional 128 + SIGINT, as for any vbrs run.
    if (shell.session.abort.signal.aborted) return 130;
    if (!(e instanceof TerminatingError)) throw e;
    stderr(`vbrs test: ${e.record.message}\n`);
    return 2;
  }
  const run = out[out.length - 1] as { FailedCount?: number; FailedBlocksCount?: number; FailedContainersCount?: number } | undefined;
  const failed = (run?.FailedCount ?? 0) + (run?.FailedBlocksCount ?? 0) + (run?.FailedContainersCount ?? 0);
  return Math.min(255, failed);
}
