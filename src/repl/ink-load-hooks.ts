// Start-up time: Ink imports only `throttle` from es-toolkit's `compat` barrel, and loading that
// barrel costs about 140 ms on this machine, half of the REPL's whole budget. This resolve hook
// points Ink's import at a module with just that function (same package, same code). If the
// package ever lays out differently, the hook steps aside and Ink loads the barrel as before.
import { registerHooks } from 'node:module';

const thin = new URL('./ink-throttle.ts', import.meta.url).href;
let installed = false;

export function installInkLoadHooks(): void {
  if (installed || typeof registerHooks !== 'function') return;
  installed = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === 'es-toolkit/compat' && context.parentURL?.includes('/node_modules/ink/')) {
        try {
          nextResolve('es-toolkit/compat/throttle', context);
          return { url: thin, shortCircuit: true };
        } catch {
          // not there: fall through to the full barrel
        }
      }
      return nextResolve(specifier, context);
    },
  });
}
