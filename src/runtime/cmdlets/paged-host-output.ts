// Out-Host -Paging and `more`: formatted output shown a screenful at a time on a host that can page
// (the REPL), answering PowerShell's `-- More --` keys. It streams: each item is formatted and shown
// as it arrives, and the page stops at the prompt, so quitting on the first page stops the pipeline
// before a long input (`1..1000000`) is ever produced. Without a pager it writes everything at once.
import { stripVTControlCharacters } from 'node:util';
import { StopUpstreamSignal, type CmdletContext, type HostPaging } from '../cmdlet.ts';
import { createOutputWriter, DEFAULT_WIDTH } from '../format/output-writer.ts';

export interface PagedHostOutput {
  /** Formats and shows one pipeline item; throws StopUpstreamSignal once the user has quit. */
  push(item: unknown): Promise<void>;
  /** Shows what the formatter still holds (a table waits for its last row); never throws. */
  end(): Promise<void>;
  /** Whether the user quit at a `-- More --` prompt. */
  readonly quit: boolean;
}

/** Counts the screen rows written since the last `-- More --` and asks before overflowing a page. */
export class ScreenPager {
  readonly #paging: HostPaging;
  #left: number;
  #quit = false;

  constructor(paging: HostPaging) {
    this.#paging = paging;
    this.#left = Math.max(1, paging.pageSize().rows);
  }

  get quit(): boolean {
    return this.#quit;
  }

  /** Resolves true when `line` may be written now (after asking, if the page is full); false once
   *  the user quit. */
  async admit(line: string): Promise<boolean> {
    if (this.#quit) return false;
    const { columns } = this.#paging.pageSize();
    const rows = rowsOf(line, columns);
    if (rows > this.#left) {
      const answer = await this.#paging.more();
      if (answer === 'quit') {
        this.#quit = true;
        return false;
      }
      // A line taller than a page still goes out whole.
      this.#left = Math.max(rows, answer === 'page' ? this.#paging.pageSize().rows : rows);
    }
    this.#left -= rows;
    return true;
  }
}

/** Screen rows a line takes once the terminal wraps it (escape codes take none). */
export function rowsOf(line: string, columns: number): number {
  const width = stripVTControlCharacters(line).length;
  return Math.max(1, Math.ceil(width / Math.max(1, columns)));
}

export function pagedHostOutput(ctx: CmdletContext, paging: HostPaging | undefined): PagedHostOutput {
  const pager = paging ? new ScreenPager(paging) : null;
  // The formatter writes synchronously; its lines wait here until the pager lets them out.
  let held: string[] = [];
  const writer = createOutputWriter((text) => void held.push(...text.replace(/\n$/, '').split('\n')), DEFAULT_WIDTH, ctx.invoker);
  const show = async (): Promise<boolean> => {
    const lines = held;
    held = [];
    for (const line of lines) {
      if (pager && !(await pager.admit(line))) return false;
      await ctx.writeHost(line + '\n', { noNewline: true });
    }
    return true;
  };
  return {
    get quit() {
      return pager?.quit ?? false;
    },
    async push(item) {
      if (pager?.quit) throw new StopUpstreamSignal();
      await writer.push(item);
      if (!(await show())) throw new StopUpstreamSignal();
    },
    async end() {
      if (pager?.quit) return;
      writer.end();
      await show();
    },
  };
}
