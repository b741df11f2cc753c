// The script errors member access raises, worded as PowerShell words them.

import { PSException } from '../error-record.ts';
import { typeNameOf } from '../values/type-names.ts';

/** What each methodNotFound error looked up, so a caller that can fall back (an array's method
 *  enumeration) recognises its own miss rather than the message text of any error inside. Kept
 *  beside the exception, not on it, so scripts see the same exception object as before. */
const lookups = new WeakMap<PSException, { target: unknown; name: string }>();

export function methodNotFound(target: unknown, name: string): PSException {
  const e = new PSException(
    `Method invocation failed because [${typeNameOf(target)}] does not contain a method named '${name}'.`,
    'System.Management.Automation.RuntimeException',
  );
  lookups.set(e, { target, name });
  return e;
}

/** Is `e` the error methodNotFound raised for this very target (any method name)? */
export function isMethodNotFoundOn(e: unknown, target: unknown): boolean {
  return e instanceof PSException && lookups.get(e)?.target === target;
}

export function staticMethodNotFound(typeName: string, name: string): PSException {
  return new PSException(
    `Method invocation failed because [${typeName}] does not contain a method named '${name}'.`,
    'System.Management.Automation.RuntimeException',
  );
}

export function argumentCount(name: string, count: number): PSException {
  return new PSException(
    `Cannot find an overload for "${name}" and the argument count: "${count}".`,
    'System.Management.Automation.MethodException',
  );
}

export function argumentOutOfRange(message: string, param: string): PSException {
  return new PSException(`Exception calling with argument: "${message} (Parameter '${param}')"`, 'System.Management.Automation.MethodInvocationException');
}
