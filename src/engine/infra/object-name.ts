// Object names become folder names under the data dir and appear in scripts, so they are checked
// once, here: non-empty, no path separators or wildcard characters, no surrounding spaces.

import { EngineError } from '../engine-error.ts';
import type { EngineObjectKind } from '../engine-error.ts';

export function checkName(kind: EngineObjectKind, name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new EngineError('VBRS_INVALID_ARGUMENT', `${kind} name must be a non-empty string.`, { kind });
  }
  if (name !== name.trim() || /[\\/*?[\]:<>|"\0]/.test(name) || name === '.' || name === '..' || name.length > 80) {
    throw EngineError.invalid(kind, name, 'a name cannot contain / \\ * ? [ ] : < > | " or surrounding spaces, and is at most 80 characters.');
  }
  return name;
}

export function checkPositiveInt(kind: EngineObjectKind, name: string, what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw EngineError.invalid(kind, name, `${what} must be a positive whole number (got ${String(value)}).`);
  }
  return value;
}
