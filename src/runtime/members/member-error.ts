// The script errors member access raises, worded as PowerShell words them.

import { PSException } from '../error-record.ts';
import { typeNameOf } from '../values/type-names.ts';

export function methodNotFound(target: unknown, name: string): PSException {
  return new PSException(
    `Method invocation failed because [${typeNameOf(target)}] does not contain a method named '${name}'.`,
    'System.Management.Automation.RuntimeException',
  );
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
