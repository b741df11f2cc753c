// Start-up time: the REPL must read keys within 300 ms of `vbrs` starting, and a script run should
// not spend a third of its time loading modules. Measured on this 2-core machine (compile cache
// warm), these module loads cost more than the code they bring is worth at start-up:
// - chevrotain's package entry is its ES build of ~100 files importing lodash-es module by module
//   (~42 ms); the package ships the same version bundled in one file (`lib/chevrotain.mjs`, ~6 ms).
// - Ink imports only `throttle` from es-toolkit's `compat` barrel, which loads the whole barrel.
// - string-width and wrap-ansi each build an Intl.Segmenter when loaded (~30 ms for the first,
//   ICU's break-iterator data), yet a prompt of plain ASCII needs neither: they are loaded on the
//   first call that does (see lazy-string-width.ts, lazy-wrap-ansi.ts).
// Each hook resolves the real module first and steps aside when the package lays out differently,
// so a dependency update can make start-up slower but never break it. Installed by src/main.ts
// before anything else is imported; tests and `node src/cli.ts` load the packages as they are.
import { registerHooks } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (file: string) => new URL(file, import.meta.url).href;
const throttleUrl = here('./ink-throttle.ts');
/** Packages replaced by a lazy stand-in; the real module's URL rides along in `?real=`. */
const lazy: Record<string, string> = {
  'string-width': here('./lazy-string-width.ts'),
  'wrap-ansi': here('./lazy-wrap-ansi.ts'),
};
let installed = false;

export function installLoadHooks(): void {
  if (installed || typeof registerHooks !== 'function') return;
  installed = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context);
      if (specifier === 'chevrotain') return chevrotainBundle(resolved);
      if (specifier === 'es-toolkit/compat' && context.parentURL?.includes('/node_modules/ink/')) {
        return { url: throttleUrl, shortCircuit: true };
      }
      const standIn = lazy[specifier];
      if (standIn && !context.parentURL?.startsWith(standIn)) {
        return { url: `${standIn}?real=${encodeURIComponent(resolved.url)}`, shortCircuit: true };
      }
      return resolved;
    },
  });
}

/** chevrotain's one-file build beside its package entry (`lib/src/api.js` → `lib/chevrotain.mjs`),
 *  looked for once: every module that imports chevrotain resolves it. */
const bundles = new Map<string, string | null>();

function chevrotainBundle<T extends { url: string }>(resolved: T): T {
  if (!resolved.url.endsWith('/lib/src/api.js')) return resolved;
  let bundle = bundles.get(resolved.url);
  if (bundle === undefined) {
    const candidate = resolved.url.replace(/\/lib\/src\/api\.js$/, '/lib/chevrotain.mjs');
    bundle = existsSync(fileURLToPath(candidate)) ? candidate : null;
    bundles.set(resolved.url, bundle);
  }
  return bundle ? { ...resolved, url: bundle, format: 'module' } : resolved;
}
