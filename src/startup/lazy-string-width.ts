// string-width for Ink, loaded on first need (see load-hooks.ts): text of printable ASCII, with or
// without colour codes, is as wide as it is long, which is what string-width answers for it too;
// anything else (wide, combining, emoji, control characters) goes to the real module, loaded then.
// The real module's URL comes in this module's own `?real=` query.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

type StringWidth = (text: string, options?: { ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean }) => number;

const realPath = fileURLToPath(new URL(import.meta.url).searchParams.get('real') ?? 'file:///nonexistent');
const printableAscii = /^[\x20-\x7E]*$/;
const colourCode = /\x1B\[[0-9;]*m/g;
let real: StringWidth | undefined;

export default function stringWidth(text: string, options?: Parameters<StringWidth>[1]): number {
  if (typeof text === 'string' && !options?.countAnsiEscapeCodes) {
    const bare = text.includes('\x1B') ? text.replace(colourCode, '') : text;
    if (printableAscii.test(bare)) return bare.length;
  }
  real ??= (createRequire(import.meta.url)(realPath) as { default: StringWidth }).default;
  return real(text, options);
}
