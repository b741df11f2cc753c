// `$Host` and `[Console]::Write/WriteLine`: the bits of PowerShell's host surface that scripts use
// to print straight to the terminal. Both write through the context's information stream as host
// text, like Write-Host, so redirection and ordering behave the same.
import { PSException } from '../error-record.ts';
import { toStringValue } from '../values/convert.ts';
import type { ExecContext } from './exec-context.ts';
import type { Session } from './session.ts';

/** `[Console]::Write(…)` / `WriteLine(…)`; null when the method is not one of these. */
export async function consoleMethod(name: string, args: unknown[], ctx: ExecContext): Promise<unknown> {
  const text = args.length === 0 ? '' : toStringValue(args[0]);
  const formatted = args.length > 1 && /\{\d/.test(text) ? text.replace(/\{(\d+)\}/g, (_m, i: string) => toStringValue(args[Number(i) + 1])) : text;
  if (name === 'writeline') await ctx.streams.information(formatted, true, false);
  else await ctx.streams.information(formatted, true, true);
  return null;
}

class HostUI {
  readonly #session: Session;
  readonly #ctx: () => ExecContext;

  constructor(session: Session, ctx: () => ExecContext) {
    this.#session = session;
    this.#ctx = ctx;
  }

  async psInvoke(name: string, args: unknown[]): Promise<unknown> {
    const ctx = this.#ctx();
    switch (name) {
      case 'writeline':
      case 'write':
        return consoleMethod(name, args.length > 1 && name === 'write' ? [args[args.length - 1]] : args.slice(-1), ctx);
      case 'writeerrorline':
        this.#session.hooks.stderr(toStringValue(args[0]) + '\n');
        return null;
      case 'writewarningline':
        await ctx.streams.warning(toStringValue(args[0]));
        return null;
      case 'writeverboseline':
        await ctx.streams.verbose(toStringValue(args[0]));
        return null;
      case 'readline':
        return (await this.#session.host.readLine('')) ?? '';
    }
    throw new PSException(`Method invocation failed because [System.Management.Automation.Internal.Host.InternalHostUserInterface] does not contain a method named '${name}'.`, 'System.Management.Automation.RuntimeException');
  }
}

/** The `$Host` object. Its UI writes in the context of the statement that reads `$Host`. */
export class HostObject {
  readonly Name = 'vbrs';
  readonly Version: string;
  readonly UI: HostUI;
  readonly psTypeName = 'System.Management.Automation.Internal.Host.InternalHost';

  constructor(session: Session, version: string, ctx: () => ExecContext) {
    this.Version = version;
    this.UI = new HostUI(session, ctx);
  }

  toString(): string {
    return 'System.Management.Automation.Internal.Host.InternalHost';
  }
}
