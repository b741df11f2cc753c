// The parameter binder shared by built-in cmdlets and script functions: pairs `-Name value`
// arguments with declared parameters (exact names, aliases, unambiguous prefixes), fills positional
// slots, converts values to the declared types, validates them, chooses a parameter set, and later
// binds each pipeline item by value or by property name. Failures are ParameterBindingExceptions
// with PowerShell's messages.
import type { ParameterDef } from './cmdlet.ts';
import { PSException } from './error-record.ts';
import { convertTo, toBoolean, toStringValue } from './values/convert.ts';
import { PSObject } from './values/ps-object.ts';
import { PSHashtable } from './values/hashtable.ts';
import { dotNetTypeName } from './values/type-names.ts';

/** One command-line element after evaluation, in the order written. */
export type ArgItem =
  | { kind: 'param'; name: string; value: unknown; hasValue: boolean; text: string }
  | { kind: 'arg'; value: unknown };

export interface BindResult {
  bound: Record<string, unknown>;
  /** Arguments no parameter took (`$args` of a simple function). */
  unbound: unknown[];
  parameterSet: string;
}

export class ParameterBindingError extends PSException {
  readonly errorId: string;
  constructor(message: string, errorId = 'ParameterBindingFailed') {
    super(message, 'System.Management.Automation.ParameterBindingException');
    this.errorId = errorId;
  }
}

export const ALL_SETS = '__AllParameterSets';

export interface BindOptions {
  /** Simple functions put what no parameter takes into `$args`; cmdlets and advanced functions fail. */
  allowUnbound: boolean;
  defaultParameterSet?: string;
  /** The caller's `$OFS`, joining an array given to a `[string]` parameter (a space when unset). */
  ofs?: string;
}

/** Resolves `-Comp` to the parameter it names: exact name or alias first, then a unique prefix. */
export function resolveParameter(params: ParameterDef[], written: string): ParameterDef | null {
  const w = written.toLowerCase();
  const exact = params.find((p) => p.name.toLowerCase() === w || p.aliases?.some((a) => a.toLowerCase() === w));
  if (exact) return exact;
  const candidates = params.filter((p) => p.name.toLowerCase().startsWith(w));
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1) {
    throw new ParameterBindingError(
      `Parameter cannot be processed because the parameter name '${written}' is ambiguous. Possible matches include: ${candidates.map((p) => '-' + p.name).join(' ')}.`,
      'AmbiguousParameter',
    );
  }
  return null;
}

function isSwitch(p: ParameterDef): boolean {
  return p.type.toLowerCase() === 'switch' || p.type.toLowerCase() === 'system.management.automation.switchparameter';
}

/** Converts and validates one value for a parameter, with PowerShell's error messages. */
export function coerceParameter(p: ParameterDef, value: unknown, ofs = ' '): unknown {
  let v: unknown = value === undefined ? null : value;
  const t = p.type.toLowerCase();
  if (isSwitch(p)) v = toBoolean(v);
  else if (t !== 'object' && t !== 'psobject' && t !== '' && t !== 'ref') {
    try {
      v = convertTo(v, p.type, ofs);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new ParameterBindingError(`Cannot process argument transformation on parameter '${p.name}'. ${msg}`, 'ParameterArgumentTransformationError');
    }
  }
  validate(p, v);
  return v;
}

/** A validation attribute's own `ErrorMessage`: {0} is the value, {1} what it was checked against. */
export function customMessage(template: string, value: string, against: string): string {
  return template.replace(/\{0\}/g, value).replace(/\{1\}/g, against);
}

function validationError(p: ParameterDef, detail: string): ParameterBindingError {
  return new ParameterBindingError(`Cannot validate argument on parameter '${p.name}'. ${detail}`, 'ParameterArgumentValidationError');
}

function validate(p: ParameterDef, v: unknown): void {
  const items = Array.isArray(v) ? v : [v];
  if (p.mandatory && !p.allowNull && (v === null || v === undefined)) {
    throw new ParameterBindingError(`Cannot bind argument to parameter '${p.name}' because it is null.`, 'ParameterArgumentValidationErrorNullNotAllowed');
  }
  if (p.mandatory && !p.allowEmptyString && v === '' && p.type.toLowerCase().replace(/^system\./, '') === 'string') {
    throw new ParameterBindingError(`Cannot bind argument to parameter '${p.name}' because it is an empty string.`, 'ParameterArgumentValidationErrorEmptyStringNotAllowed');
  }
  // Only a parameter of a collection type checks this ([object] takes @() as it is).
  const isArray = p.type.endsWith('[]');
  const isCollection = isArray || /(^|\.)(List|ArrayList|HashSet|Collection|Queue|Stack)(\[|$)/i.test(p.type);
  if (p.mandatory && !p.allowEmptyCollection && isCollection && Array.isArray(v) && v.length === 0) {
    throw new ParameterBindingError(
      `Cannot bind argument to parameter '${p.name}' because it is an empty ${isArray ? 'array' : 'collection'}.`,
      isArray ? 'ParameterArgumentValidationErrorEmptyArrayNotAllowed' : 'ParameterArgumentValidationErrorEmptyCollectionNotAllowed',
    );
  }
  if (p.validateNotNull && (v === null || v === undefined || items.some((x) => x === null))) {
    throw validationError(p, 'The argument is null. Provide a valid value for the argument, and then run the command again.');
  }
  if (p.validateNotNullOrEmpty && (v === null || v === undefined || items.length === 0 || items.some((x) => x === null || x === ''))) {
    throw validationError(p, 'The argument is null or empty. Provide an argument that is not null or empty, and then try the command again.');
  }
  if (p.validateCount) {
    const [min, max] = p.validateCount;
    if (items.length < min) throw validationError(p, `The parameter requires at least ${min} value(s) and no more than ${max} value(s) - ${items.length} value(s) were provided.`);
    if (items.length > max) throw validationError(p, `The parameter requires at least ${min} value(s) and no more than ${max} value(s) - ${items.length} value(s) were provided.`);
  }
  if (p.validatePattern !== undefined) {
    const re = new RegExp(p.validatePattern, 'i');
    for (const item of items) {
      const text = toStringValue(item);
      if (!re.test(text) && p.validateErrorMessages?.pattern) throw validationError(p, customMessage(p.validateErrorMessages.pattern, text, p.validatePattern));
      if (!re.test(text)) throw validationError(p, `The argument "${text}" does not match the "${p.validatePattern}" pattern. Supply an argument that matches "${p.validatePattern}" and try the command again.`);
    }
  }
  if (p.validateLength) {
    const [min, max] = p.validateLength;
    for (const item of items) {
      const len = toStringValue(item).length;
      if (len < min) throw validationError(p, `The character length (${len}) of the argument is too short. Specify an argument with a length that is greater than or equal to "${min}", and then try the command again.`);
      if (len > max) throw validationError(p, `The character length of the ${len} argument is too long. Shorten the character length of the argument so it is fewer than or equal to "${max}" characters, and then try the command again.`);
    }
  }
  if (p.validateSet) {
    const fold = (t: string) => (p.validateSetCaseSensitive ? t : t.toLowerCase());
    const set = p.validateSet.map(fold);
    for (const item of items) {
      if (!set.includes(fold(toStringValue(item)))) {
        if (p.validateErrorMessages?.set) throw validationError(p, customMessage(p.validateErrorMessages.set, toStringValue(item), p.validateSet.join(',')));
        throw new ParameterBindingError(
          `Cannot validate argument on parameter '${p.name}'. The argument "${toStringValue(item)}" does not belong to the set "${p.validateSet.join(',')}" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.`,
          'ParameterArgumentValidationError',
        );
      }
    }
  }
  if (p.validateRange) {
    const [min, max] = p.validateRange;
    for (const item of items) {
      const n = Number(item);
      if (n < min) {
        throw new ParameterBindingError(
          `Cannot validate argument on parameter '${p.name}'. The ${toStringValue(item)} argument is less than the minimum allowed range of ${min}. Supply an argument that is greater than or equal to ${min} and then try the command again.`,
          'ParameterArgumentValidationError',
        );
      }
      if (n > max) {
        throw new ParameterBindingError(
          `Cannot validate argument on parameter '${p.name}'. The ${toStringValue(item)} argument is greater than the maximum allowed range of ${max}. Supply an argument that is less than or equal to ${max} and then try the command again.`,
          'ParameterArgumentValidationError',
        );
      }
    }
  }
}

function inSet(p: ParameterDef, set: string): boolean {
  return !p.parameterSets || p.parameterSets.length === 0 || set === ALL_SETS || p.parameterSets.includes(set);
}

function allSets(params: ParameterDef[]): string[] {
  const sets = new Set<string>();
  for (const p of params) for (const s of p.parameterSets ?? []) sets.add(s);
  return [...sets];
}

/** Binds command-line arguments (not pipeline input). */
export function bindArguments(params: ParameterDef[], args: ArgItem[], options: BindOptions): BindResult {
  const bound: Record<string, unknown> = {};
  const positional: unknown[] = [];
  const positionalAt: number[] = [];
  // Unbound items keep their command-line order in `$args`: [order, value].
  const unboundAt: [number, unknown][] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.kind === 'arg') {
      positional.push(a.value);
      positionalAt.push(i);
      continue;
    }
    const p = resolveParameter(params, a.name);
    if (!p) {
      if (options.allowUnbound) {
        unboundAt.push([i, a.text]);
        if (a.hasValue) unboundAt.push([i + 0.5, a.value]);
        continue;
      }
      throw new ParameterBindingError(`A parameter cannot be found that matches parameter name '${a.name}'.`, 'NamedParameterNotFound');
    }
    if (p.name in bound) {
      throw new ParameterBindingError(`Cannot bind parameter because parameter '${p.name}' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, "-parameter value1,value2,value3".`, 'ParameterAlreadyBound');
    }
    let value: unknown;
    if (a.hasValue) value = a.value;
    else if (isSwitch(p)) value = true;
    else {
      const next = args[i + 1];
      if (!next || next.kind !== 'arg') {
        throw new ParameterBindingError(`Missing an argument for parameter '${p.name}'. Specify a parameter of type '${dotNetTypeName(p.type)}' and try again.`, 'MissingArgument');
      }
      value = next.value;
      i++;
    }
    bound[p.name] = coerceParameter(p, value, options.ofs);
  }

  // Parameter sets still possible given the named parameters.
  const sets = allSets(params);
  let candidates = sets.filter((s) => Object.keys(bound).every((n) => inSet(params.find((p) => p.name === n)!, s)));
  if (sets.length > 0 && candidates.length === 0) {
    throw new ParameterBindingError('Parameter set cannot be resolved using the specified named parameters. One or more parameters issued cannot be used together or an insufficient number of parameters were provided.', 'AmbiguousParameterSet');
  }
  const active = candidates.length > 0 ? candidates : [ALL_SETS];
  const positionalParams = params
    .filter((p) => p.position !== undefined && !(p.name in bound) && active.some((s) => inSet(p, s)))
    .sort((a, b) => a.position! - b.position!);
  let k = 0;
  for (const p of positionalParams) {
    if (k >= positional.length) break;
    // A parameter taking an array soaks up a single positional value only; PowerShell does the same.
    bound[p.name] = coerceParameter(p, positional[k++], options.ofs);
  }
  const remaining = params.find((p) => p.valueFromRemainingArguments && active.some((s) => inSet(p, s)));
  if (remaining && k < positional.length) {
    // The remaining-arguments parameter may also have taken the first one positionally.
    const taken = remaining.name in bound && positionalParams.includes(remaining) ? [positional[positionalParams.indexOf(remaining)]] : [];
    if (remaining.name in bound && !positionalParams.includes(remaining)) taken.push(...[bound[remaining.name]].flat());
    bound[remaining.name] = coerceParameter(remaining, [...taken, ...positional.slice(k)], options.ofs);
    k = positional.length;
  }
  for (; k < positional.length; k++) {
    if (!options.allowUnbound) {
      throw new ParameterBindingError(`A positional parameter cannot be found that accepts argument '${toStringValue(positional[k])}'.`, 'PositionalParameterNotFound');
    }
    unboundAt.push([positionalAt[k]!, positional[k]]);
  }
  const unbound = unboundAt.sort((x, y) => x[0] - y[0]).map((x) => x[1]);
  if (sets.length > 0) {
    candidates = sets.filter((s) => Object.keys(bound).every((n) => inSet(params.find((p) => p.name === n)!, s)));
  }
  return { bound, unbound, parameterSet: chooseSet(params, bound, candidates, options.defaultParameterSet) };
}

function chooseSet(params: ParameterDef[], bound: Record<string, unknown>, candidates: string[], defaultSet?: string): string {
  if (candidates.length === 0) return defaultSet ?? ALL_SETS;
  if (candidates.length === 1) return candidates[0]!;
  // Prefer a set whose own (set-specific) parameters were given, then the default set.
  const specific = candidates.filter((s) => params.some((p) => p.name in bound && p.parameterSets?.includes(s)));
  if (specific.length === 1) return specific[0]!;
  if (defaultSet && candidates.includes(defaultSet)) return defaultSet;
  const satisfied = candidates.filter((s) => params.every((p) => !p.mandatory || !p.parameterSets?.includes(s) || p.name in bound));
  return satisfied[0] ?? candidates[0]!;
}

/** Parameters of the active set that can take pipeline input. */
export function acceptsPipeline(params: ParameterDef[], set: string): boolean {
  return params.some((p) => inSet(p, set) && (p.valueFromPipeline || p.valueFromPipelineByPropertyName));
}

/** Binds one pipeline item: by value first, then by property name. Returns the names bound, or null
 *  when nothing could take the item. Values bound from the command line are never overwritten. */
export function bindPipelineItem(params: ParameterDef[], set: string, cmdBound: Record<string, unknown>, target: Record<string, unknown>, item: unknown): string[] | null {
  const free = params.filter((p) => inSet(p, set) && !(p.name in cmdBound));
  for (const p of free) {
    if (!p.valueFromPipeline) continue;
    try {
      target[p.name] = coerceParameter(p, item);
      return [p.name];
    } catch (e) {
      if (!(e instanceof ParameterBindingError)) throw e;
      if (!free.some((q) => q.valueFromPipelineByPropertyName)) {
        throw new ParameterBindingError(`The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.`, 'InputObjectNotBound');
      }
    }
  }
  const names: string[] = [];
  for (const p of free) {
    if (!p.valueFromPipelineByPropertyName) continue;
    const found = propertyOf(item, [p.name, ...(p.aliases ?? [])]);
    if (found === undefined) continue;
    target[p.name] = coerceParameter(p, found);
    names.push(p.name);
  }
  return names.length > 0 ? names : null;
}

/** Reads a property for by-property-name binding from custom objects, hashtables? (no: PowerShell
 *  does not bind hashtable keys) and host objects. */
function propertyOf(item: unknown, names: string[]): unknown {
  if (item === null || typeof item !== 'object' || item instanceof PSHashtable || Array.isArray(item)) return undefined;
  if (item instanceof PSObject) {
    for (const n of names) {
      const prop = item.getProperty(n);
      if (prop && prop.kind === 'NoteProperty') return prop.value;
    }
    return undefined;
  }
  const lower = names.map((n) => n.toLowerCase());
  for (let o: object | null = item; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const key of Object.getOwnPropertyNames(o)) {
      if (lower.includes(key.toLowerCase())) {
        const v = (item as Record<string, unknown>)[key];
        if (typeof v !== 'function') return v === undefined ? null : v;
      }
    }
  }
  return undefined;
}

/** Mandatory parameters of the active set that are still unbound (`skipPipeline`: leave out the ones
 *  pipeline input will fill). */
export function missingMandatory(params: ParameterDef[], set: string, bound: Record<string, unknown>, skipPipeline: boolean): string[] {
  return params
    .filter((p) => p.mandatory && inSet(p, set) && !(p.name in bound) && !(skipPipeline && (p.valueFromPipeline || p.valueFromPipelineByPropertyName)))
    .map((p) => p.name);
}

export function missingMandatoryError(names: string[]): ParameterBindingError {
  return new ParameterBindingError(`Cannot process command because of one or more missing mandatory parameters: ${names.join(' ')}.`, 'MissingMandatoryParameter');
}
