// wrap-ansi for Ink, loaded on the first call (see load-hooks.ts): Ink wraps only text wider than
// its box, which a fresh prompt never is. The real module's URL comes in the `?real=` query.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

type WrapAnsi = (text: string, columns: number, options?: Record<string, unknown>) => string;

const realPath = fileURLToPath(new URL(import.meta.url).searchParams.get('real') ?? 'file:///nonexistent');
let real: WrapAnsi | undefined;

export default function wrapAnsi(text: string, columns: number, options?: Record<string, unknown>): string {
  real ??= (createRequire(import.meta.url)(realPath) as { default: WrapAnsi }).default;
  return real(text, columns, options);
}
