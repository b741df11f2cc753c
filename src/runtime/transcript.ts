// Transcripts (Start-Transcript / Stop-Transcript): a record of a run in a text file, as
// PowerShell's host keeps one — a header (start time, user, machine, host application, process
// id, $PSVersionTable), then everything the host shows: output, errors, warnings, verbose and
// host lines, without escape codes; progress is never in it. A footer when it stops (Stop-Transcript,
// or the end of the run). Transcripts nest: each one records until it is stopped, the newest first.
import { closeSync, openSync, writeSync } from 'node:fs';
import { hostname, release, type, userInfo } from 'node:os';

export interface TranscriptOptions {
  append: boolean;
  /** The header's start lines only (-UseMinimalHeader). */
  minimalHeader: boolean;
  /** A header before each command typed at the REPL (-IncludeInvocationHeader). */
  invocationHeader: boolean;
  /** `Name: value` lines for the header, from $PSVersionTable. */
  versionLines: string[];
}

const RULE = '**********************';

/** yyyyMMddHHmmss in local time, as PowerShell stamps its transcripts. */
export function transcriptStamp(d = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getFullYear(), 4)}${p(d.getMonth() + 1)}${p(d.getDate())}${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** Colour and cursor sequences (CSI and OSC) taken out of what a transcript records. */
function plain(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '');
}

function user(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

export class Transcript {
  readonly path: string;
  readonly invocationHeader: boolean;
  #fd: number | null;

  /** Opens (or creates) the file and writes the header; throws the file system's error. */
  constructor(path: string, options: TranscriptOptions) {
    this.path = path;
    this.invocationHeader = options.invocationHeader;
    this.#fd = openSync(path, options.append ? 'a' : 'w');
    const start = [RULE, 'vbrs transcript start', `Start time: ${transcriptStamp()}`];
    if (!options.minimalHeader) {
      const name = user();
      start.push(
        `Username: ${name}`,
        `RunAs User: ${name}`,
        `Machine: ${hostname()} (${type()} ${release()})`,
        `Host Application: vbrs${process.argv.slice(2).map((a) => ` ${a}`).join('')}`,
        `Process ID: ${process.pid}`,
        ...options.versionLines,
      );
    }
    this.write([...start, RULE, ''].join('\n'));
  }

  get open(): boolean {
    return this.#fd !== null;
  }

  write(text: string): void {
    if (this.#fd === null || !text) return;
    try {
      writeSync(this.#fd, plain(text));
    } catch {
      // A transcript that cannot be written (a full disk) must not stop the run it records.
    }
  }

  /** The header PowerShell writes before a command when -IncludeInvocationHeader was given. */
  command(prompt: string, text: string): void {
    if (this.invocationHeader) this.write(`${RULE}\nCommand start time: ${transcriptStamp()}\n${RULE}\n`);
    this.write(`${prompt}${text}\n`);
  }

  /** Writes the footer and closes the file. */
  stop(): void {
    if (this.#fd === null) return;
    this.write([RULE, 'vbrs transcript end', `End time: ${transcriptStamp()}`, RULE, ''].join('\n'));
    closeSync(this.#fd);
    this.#fd = null;
  }
}

/** The transcripts recording each session, oldest first. Keyed by the session object so the
 *  session itself needs no field for them. */
const running = new WeakMap<object, Transcript[]>();

export function transcriptsOf(session: object): Transcript[] {
  let list = running.get(session);
  if (!list) running.set(session, (list = []));
  return list;
}

/** What the host showed, to every transcript of the session. */
export function transcribe(session: object, text: string): void {
  const list = running.get(session);
  if (list) for (const t of list) t.write(text);
}

/** Stops every transcript of the session (the end of a run or of the REPL). */
export function stopTranscripts(session: object): void {
  const list = running.get(session);
  if (!list) return;
  for (const t of list.splice(0).reverse()) t.stop();
}
