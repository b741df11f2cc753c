// The process `bin/vbrs` starts: the module-load hooks go in first (they only make start-up
// faster; see startup/load-hooks.ts), then the CLI is loaded and run.
import { installLoadHooks } from './startup/load-hooks.ts';

installLoadHooks();
const { runAsProcess } = await import('./cli.ts');
runAsProcess();
