// The `vbrs` command line: `vbrs FILE.vbrs [args…]`, `vbrs -c TEXT`, `vbrs -` (script on stdin),
// `vbrs --version`, `vbrs --help`, and with no arguments the REPL on a terminal or the script on
// stdin otherwise. Exit status: `exit N`'s N, 1 on a parse error or an uncaught error, else 0.
// The interpreter and the cmdlets are imported only on the paths that run something: the REPL
// draws its prompt before they are loaded (start-up budget), `--version` never needs them.
import { readFileSync } from 'node:fs';
import type { Shell, ShellOptions } from './runtime/shell.ts';
import { terminalColor } from './runtime/format/terminal-color.ts';
import { progressStyleFor, TerminalProgress, type ProgressTerminal } from './runtime/format/terminal-progress.ts';
import { VERSION } from './version.ts';

const USAGE = `Usage: vbrs [FILE.vbrs [ARGS…] | -c TEXT | - | test [PATH…] | service [--listen HOST:PORT] | --version | --help]

  vbrs FILE.vbrs [ARGS…]  run a script; ARGS bind to its param() block by name or position
  vbrs -c TEXT            run TEXT
  vbrs -                  run the script read from stdin
  vbrs test [PATH…]       run the Pester tests (*.Tests.vbrs) under PATH; exit status: failures
  vbrs                    interactive shell on a terminal, else run stdin
  vbrs service [--listen HOST:PORT]
                          the backup server: schedules and the REST API (default 127.0.0.1:9419)
  vbrs --version          print the version
`;

function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}

/** Where the CLI reads and writes; tests pass their own to run the real entry in-process. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): string;
  cwd: string;
  isTTY: boolean;
  /** Whether stdout and stderr are terminals ($PSStyle's Host rendering keeps colour only there). */
  outputTTY?: { stdout: boolean; stderr: boolean };
  /** Where NO_COLOR, FORCE_COLOR and TERM are read for colour. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  columns?: number;
  /** stderr when it is a terminal: progress bars are drawn there (never into a pipe or a log). */
  progress?: ProgressTerminal;
}

/** Set when whoever reads our stdout has gone (`vbrs … | head`): nothing more is written. */
let stdoutGone = false;

const processIO: CliIO = {
  stdout: (t) => void (stdoutGone || process.stdout.write(t)),
  stderr: (t) => void process.stderr.write(t),
  readStdin,
  cwd: process.cwd(),
  isTTY: process.stdin.isTTY === true,
  outputTTY: { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true },
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  progress: process.stderr.isTTY ? process.stderr : undefined,
};

/** The interpreter with every cmdlet: loaded by the paths that run something. */
async function loadShell(): Promise<(options: ShellOptions) => Shell> {
  const [{ createShell }, { domainCmdlets }] = await Promise.all([import('./runtime/shell.ts'), import('./cmdlets/index.ts')]);
  return (options) => createShell({ ...options, cmdlets: domainCmdlets });
}

/** pwsh switches that make no difference here; accepted so `pwsh`-style command lines work. */
const IGNORED = new Set(['-noprofile', '-nologo', '-noninteractive', '-nop', '-noni']);

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const args = [...argv];
  while (args.length && (IGNORED.has(args[0]!.toLowerCase()) || args[0]!.toLowerCase() === '-executionpolicy')) {
    if (args.shift()!.toLowerCase() === '-executionpolicy') args.shift();
  }
  const [first, ...rest] = args;
  if (first === '--version' || first === '-v') {
    io.stdout(`vbrs ${VERSION}\n`);
    return 0;
  }
  if (first === '--help' || first === '-h' || first === '-?') {
    io.stdout(USAGE);
    return 0;
  }
  if (first === 'service') return (await import('./service/service-command.ts')).runService(rest, io);
  const tty = io.outputTTY ?? { stdout: false, stderr: false };
  const env = io.env ?? process.env;
  const color = { stdout: terminalColor(env, tty.stdout), stderr: terminalColor(env, tty.stderr) };
  const options: ShellOptions = { width: io.columns, stdout: io.stdout, stderr: io.stderr, cwd: io.cwd, color, env };
  if (first === undefined && io.isTTY) return (await import('./repl/index.ts')).runRepl(options, loadShell);
  // Progress (Write-Progress, engine work) as a bar on a terminal's stderr, cleared around output.
  const bar = io.progress ? new TerminalProgress(io.progress, progressStyleFor(env)) : null;
  if (bar) Object.assign(options, { stdout: bar.around(io.stdout), stderr: bar.around(io.stderr), progress: bar.update.bind(bar) });
  // A second Ctrl-C exits at once: the bar still goes (a terminal's stderr is written synchronously).
  if (bar && io === processIO) process.once('exit', () => bar.close());
  const shell = (await loadShell())(options);
  if (bar) bar.look = () => ({ style: shell.session.psStyle.Progress.Style, maxWidth: shell.session.psStyle.Progress.MaxWidth });
  try {
    return await runNonInteractive(shell, first, rest, io);
  } finally {
    shell.stopTranscripts();
    bar?.close();
  }
}

/** A script, `-c` text or stdin, run to the end; resolves with the exit status. */
async function runNonInteractive(shell: Shell, first: string | undefined, rest: string[], io: CliIO): Promise<number> {
  // Ctrl-C stops the running script (cmdlets see their signal aborted); a second one exits at once.
  if (io === processIO) {
    process.once('SIGINT', () => {
      shell.stop();
      process.once('SIGINT', () => process.exit(130));
    });
    // The reader went away (EPIPE): stop as Ctrl-C would, quietly — no stack trace, no more output;
    // the exit status is a shell's for SIGPIPE (128 + 13), as `seq … | head` leaves.
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (!stdoutGone) shell.stop();
      stdoutGone = true;
      if (e.code !== 'EPIPE') process.stderr.write(`vbrs: cannot write the output: ${e.message}\n`);
    });
  }
  if (first === '-c' || first === '-Command' || first === '--command') {
    if (rest.length === 0) {
      io.stderr('vbrs: -c needs the text to run\n' + USAGE);
      return 2;
    }
    return (await shell.run(rest.join(' '), '<command>')).exitCode;
  }
  if (first === '-') return (await shell.run(io.readStdin(), '<stdin>')).exitCode;
  if (first === 'test') return (await import('./runtime/pester/test-command.ts')).runTestCommand(shell, rest, io.stderr);
  if (first !== undefined) {
    if (first.startsWith('-') && first !== '-File') {
      io.stderr(`vbrs: unknown option '${first}'\n` + USAGE);
      return 2;
    }
    const [file, ...args] = first === '-File' ? rest : [first, ...rest];
    if (!file) {
      io.stderr('vbrs: -File needs a script path\n');
      return 2;
    }
    return (await shell.runFile(file, args)).exitCode;
  }
  return (await shell.run(io.readStdin(), '<stdin>')).exitCode;
}

/** Runs the CLI as this process: argv in, exit code out (src/main.ts, or `node src/cli.ts`). */
export function runAsProcess(): void {
  // Last line of defence: a stray rejection is still one line, never a stack trace.
  process.on('unhandledRejection', (e) => {
    process.stderr.write(`vbrs: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env.VBRS_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    process.exitCode = 70;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = stdoutGone ? 141 : code;
    },
    (e: unknown) => {
      // A bug in vbrs itself: still one line, never a stack trace (VBRS_DEBUG=1 shows it).
      process.stderr.write(`vbrs: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      if (process.env.VBRS_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
      process.exitCode = 70;
    },
  );
}

if (import.meta.main) runAsProcess();
