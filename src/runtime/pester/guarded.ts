// Runs user code (a test body, a BeforeAll, the block given to `Should -Throw`) the way Pester does,
// inside a try: any terminating error, a statement-terminating one included, ends the code and
// reaches the runner instead of being reported and skipped over.
import type { Interpreter } from '../interpreter/interpreter.ts';

export async function guarded<T>(interp: Interpreter, fn: () => Promise<T>): Promise<T> {
  interp.session.handlerDepth++;
  try {
    return await fn();
  } finally {
    interp.session.handlerDepth--;
  }
}
