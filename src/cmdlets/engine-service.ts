// Where domain cmdlets find the engine: opened lazily by the first domain cmdlet that runs (so
// `vbrs -c '1+1'` never touches the catalog and the REPL starts fast) and kept in
// `ctx.services.engine` for the rest of the shell's life. Opening also teaches the engine how to
// rebuild script-block hooks that an earlier vbrs process stored with a job.
import type { CmdletContext } from '../runtime/cmdlet.ts';
import type { Engine } from '../engine/engine.ts';
import { installScriptBlockHooks } from './script-block-hook.ts';

/** The shell's engine, opened on first use from `$VBRS_HOME` (else the platform data folder). The
 *  engine's modules are loaded here too, not when the cmdlets are registered, to keep start-up fast. */
export async function engineFor(ctx: CmdletContext): Promise<Engine> {
  const services = ctx.services as Record<string, unknown>;
  // Script-block hooks run through the invoker of the command that is running now.
  services.invoker = ctx.invoker;
  if (services.engine) return services.engine as Engine;
  // One opening even when two commands ask while the engine's modules are still loading.
  services.engineOpening ??= import('../engine/engine.ts').then(({ Engine }) => {
    const home = process.env.VBRS_HOME;
    const engine = Engine.open(home ? { home } : {});
    installScriptBlockHooks(engine, services);
    services.engine = engine;
    return engine;
  });
  try {
    return await (services.engineOpening as Promise<Engine>);
  } finally {
    if (!services.engine) delete services.engineOpening; // a failed opening is retried next time
  }
}
