// A cmdlet parameter typed `object` that must hold one class (the web cmdlets' -Credential and
// -WebSession): the value itself, or the error PowerShell's binder gives for a value of another type.
import { ParameterBindingError } from '../binder.ts';
import { toStringValue } from '../values/convert.ts';
import { typeNameOf } from '../values/type-names.ts';

export function parameterOfType<T>(name: string, value: unknown, type: new (...args: never[]) => T, typeName: string): T {
  if (value instanceof type) return value;
  const shown = Array.isArray(value) ? typeNameOf(value) : toStringValue(value);
  throw new ParameterBindingError(`Cannot process argument transformation on parameter '${name}'. Cannot convert the "${shown}" value of type "${typeNameOf(value)}" to type "${typeName}".`, 'ParameterArgumentTransformationError');
}
