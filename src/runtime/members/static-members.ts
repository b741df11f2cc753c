// The static .NET surface scripts use: `[math]`, `[string]`, `[int]`/`[long]`/`[double]`,
// `[datetime]`, `[timespan]`, `[regex]`, `[guid]`, `[char]`, `[convert]`, `[System.IO.Path]`,
// `[Environment]`, `[array]`, and `::new()` constructors for the collection and value types.

import * as path from 'node:path';
import * as os from 'node:os';
import { PSHashtable } from '../values/hashtable.ts';
import { PSObject } from '../values/ps-object.ts';
import { PSDateTime } from '../values/date-time.ts';
import { TimeSpan } from '../values/time-span.ts';
import { TypeValue } from '../values/type-value.ts';
import { PSChar } from '../values/ps-char.ts';
import { PSGuid } from '../values/ps-guid.ts';
import { enumTypeName, enumValue } from '../values/ps-enum.ts';
import { toBoolean, toNumber, toStringValue, convertTo, roundHalfEven, parseNumber, toPSObject } from '../values/convert.ts';
import { markArrayType, resolveTypeName } from '../values/type-names.ts';
import { formatComposite } from '../values/composite-format.ts';
import { toJsRegex, toJsReplacement, escapeRegex } from '../values/regex.ts';
import { PSException, constructException, isExceptionType } from '../error-record.ts';
import { pathStatic, fileStatic, IO_NOT_FOUND } from './io-statics.ts';
import { parseExact } from './parse-exact.ts';
import { linqMethod, LINQ_NOT_FOUND } from './linq-statics.ts';
import type { ScriptInvoker } from '../cmdlet.ts';
import { staticMethodNotFound, argumentCount } from './member-error.ts';
import { RegexMatch } from './regex-match.ts';
import { StringBuilder } from './string-builder.ts';
import { newCredential } from './ps-credential.ts';
import { WebRequestSession } from '../core-cmdlets/web-request-session.ts';
import { compareValues } from '../operators/compare.ts';
import { PSVersion } from '../values/ps-version.ts';
import { makeMDArray, mdArrayType } from '../values/md-array.ts';
import { XmlDocument } from '../values/xml/xml-node.ts';
import { decimalMath, decimalOf } from '../values/decimal.ts';
import { boxNumber, exactNumber, exactRange, isNumber, numberType, numberValue } from '../values/ps-number.ts';
import type { NumberType } from '../values/ps-number.ts';

const NOT_FOUND = Symbol('not found');

function numericLimits(full: string): { max: number; min: number } | null {
  switch (full) {
    case 'System.Int32': return { max: 2147483647, min: -2147483648 };
    case 'System.Int64': return { max: 9223372036854775807, min: -9223372036854775808 };
    case 'System.Int16': return { max: 32767, min: -32768 };
    case 'System.Byte': return { max: 255, min: 0 };
    case 'System.UInt32': return { max: 4294967295, min: 0 };
    case 'System.UInt16': return { max: 65535, min: 0 };
    case 'System.SByte': return { max: 127, min: -128 };
    case 'System.UInt64': return { max: 18446744073709551615, min: 0 };
    case 'System.Double': return { max: Number.MAX_VALUE, min: -Number.MAX_VALUE };
    case 'System.Single': return { max: 3.4028234663852886e38, min: -3.4028234663852886e38 };
    case 'System.Decimal': return { max: 79228162514264337593543950335, min: -79228162514264337593543950335 };
  }
  return null;
}

export function staticProperty(type: TypeValue, name: string): unknown {
  const full = type.fullName;
  const l = name.toLowerCase();
  const enumType = enumTypeName(full);
  if (enumType) {
    const v = enumValue(enumType, name);
    if (v) return v;
  }
  // the Int64, UInt64 and Decimal limits are beyond a double's exact integers: keep them exact
  const exact = exactRange(full as NumberType);
  if (exact && (l === 'maxvalue' || l === 'minvalue')) return exactNumber(l === 'maxvalue' ? exact[1] : exact[0], full as NumberType);
  const limits = numericLimits(full);
  if (limits) {
    if (l === 'maxvalue') return boxNumber(limits.max, full as NumberType);
    if (l === 'minvalue') return boxNumber(limits.min, full as NumberType);
    if (full === 'System.Double' || full === 'System.Single') {
      if (l === 'nan') return NaN;
      if (l === 'positiveinfinity') return Infinity;
      if (l === 'negativeinfinity') return -Infinity;
      if (l === 'epsilon') return Number.MIN_VALUE;
    }
  }
  switch (full + '::' + l) {
    case 'System.Math::pi': return Math.PI;
    case 'System.Math::e': return Math.E;
    case 'System.Math::tau': return Math.PI * 2;
    case 'System.String::empty': return '';
    case 'System.DateTime::now': return PSDateTime.now();
    case 'System.DateTime::today': return PSDateTime.now().Date;
    case 'System.DateTime::utcnow': return PSDateTime.utcNow();
    case 'System.DateTime::minvalue': return PSDateTime.fromParts(1, 1, 1);
    case 'System.DateTime::maxvalue': return PSDateTime.fromParts(9999, 12, 31, 23, 59, 59, 999);
    case 'System.TimeSpan::zero': return new TimeSpan(0);
    case 'System.Guid::empty': return new PSGuid('00000000-0000-0000-0000-000000000000');
    case 'System.Char::maxvalue': return new PSChar(0xffff);
    case 'System.Char::minvalue': return new PSChar(0);
    case 'System.Environment::newline': return '\n';
    case 'System.Environment::machinename': return os.hostname();
    case 'System.Environment::username': return os.userInfo().username;
    case 'System.Environment::processorcount': return os.cpus().length;
    case 'System.Environment::currentdirectory': return process.cwd();
    case 'System.Environment::osversion': return os.release();
    case 'System.Environment::is64bitprocess':
    case 'System.Environment::is64bitoperatingsystem': return process.arch.includes('64');
    case 'System.Environment::tickcount':
    case 'System.Environment::tickcount64': return Math.round(performance.now());
    case 'System.IO.Path::directoryseparatorchar': return new PSChar(path.sep.charCodeAt(0));
    case 'System.IO.Path::pathseparator': return new PSChar(path.delimiter.charCodeAt(0));
  }
  return NOT_FOUND;
}

export { NOT_FOUND as STATIC_NOT_FOUND };

function num(v: unknown): number {
  return toNumber(v, 'System.Double');
}

/** Math.Round's arguments after the value: the digits, and whether the mode is AwayFromZero. */
function roundingArgs(args: unknown[]): { digits: number; away: boolean } {
  let digits = 0;
  let away = false;
  for (const a of args.slice(1)) {
    if (isNumber(a)) digits = numberValue(a);
    else if (/awayfromzero/i.test(toStringValue(a))) away = true;
  }
  return { digits, away };
}

/** Math.Round(value, digits, mode): banker's rounding unless `AwayFromZero`. */
function mathRound(args: unknown[]): number {
  const v = num(args[0]);
  const { digits, away } = roundingArgs(args);
  const f = Math.pow(10, digits);
  // As .NET Core does: scale, round, unscale (so 2.675 rounds to 2.67, like .NET).
  const scaled = v * f;
  const r = away ? Math.sign(scaled) * Math.round(Math.abs(scaled)) : roundHalfEven(scaled);
  return r / f;
}

/** Math methods whose .NET result is always a Double (or a Decimal for a decimal argument). */
const REAL_RESULT = new Set(['round', 'floor', 'ceiling', 'truncate', 'pow', 'sqrt', 'cbrt', 'log', 'log10', 'log2', 'exp', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2']);

/** Math methods with a Decimal overload, which a decimal argument picks. */
const DECIMAL_OVERLOADS = new Set(['round', 'floor', 'ceiling', 'truncate', 'abs', 'max', 'min', 'clamp']);

/** The type .NET's overload gives a Math result: REAL_RESULT methods a Double (Decimal in, Decimal
 *  out for the rounding ones); Abs/Max/Min/Clamp the widest argument type. */
function mathResult(name: string, args: unknown[], r: unknown): unknown {
  if (typeof r !== 'number') return r;
  const types = args.filter(isNumber).map((a) => numberType(a));
  if (types.includes('System.Decimal') && DECIMAL_OVERLOADS.has(name)) return boxNumber(r, 'System.Decimal');
  if (REAL_RESULT.has(name)) return boxNumber(r, 'System.Double');
  if ((name === 'abs' || name === 'max' || name === 'min' || name === 'clamp') && types.some((t) => t === 'System.Double' || t === 'System.Single')) return boxNumber(r, 'System.Double');
  if ((name === 'abs' || name === 'max' || name === 'min' || name === 'clamp') && types.includes('System.Int64')) return boxNumber(r, 'System.Int64');
  return r;
}

/** Argument counts of the Math methods (min, max), for .NET's overload error. */
const MATH_ARITY: Record<string, [number, number]> = {
  round: [1, 3], floor: [1, 1], ceiling: [1, 1], truncate: [1, 1], abs: [1, 1], max: [2, 2], min: [2, 2], pow: [2, 2],
  sqrt: [1, 1], cbrt: [1, 1], log: [1, 2], log10: [1, 1], log2: [1, 1], exp: [1, 1], sin: [1, 1], cos: [1, 1], tan: [1, 1],
  asin: [1, 1], acos: [1, 1], atan: [1, 1], atan2: [2, 2], sign: [1, 1], clamp: [3, 3], divrem: [2, 2],
};

function mathMethod(name: string, args: unknown[]): unknown {
  const arity = MATH_ARITY[name];
  if (arity && (args.length < arity[0] || args.length > arity[1])) throw argumentCount(name.charAt(0).toUpperCase() + name.slice(1), args.length);
  // a decimal argument picks the exact decimal overload
  const first = args[0];
  if (isNumber(first) && numberType(first) === 'System.Decimal' && (name === 'round' || name === 'floor' || name === 'ceiling' || name === 'truncate' || name === 'abs')) {
    const parts = decimalOf(first);
    const { digits, away } = roundingArgs(args);
    const r = parts ? decimalMath(name, parts, digits, away) : null;
    if (r) return r;
  }
  const a = () => num(args[0]);
  const b = () => num(args[1]);
  switch (name) {
    case 'round': return mathRound(args);
    case 'floor': return Math.floor(a());
    case 'ceiling': return Math.ceil(a());
    case 'truncate': return Math.trunc(a());
    case 'abs': return Math.abs(a());
    case 'max': return Math.max(a(), b());
    case 'min': return Math.min(a(), b());
    case 'pow': return Math.pow(a(), b());
    case 'sqrt': return Math.sqrt(a());
    case 'cbrt': return Math.cbrt(a());
    case 'log': return args.length > 1 ? Math.log(a()) / Math.log(b()) : Math.log(a());
    case 'log10': return Math.log10(a());
    case 'log2': return Math.log2(a());
    case 'exp': return Math.exp(a());
    case 'sin': return Math.sin(a());
    case 'cos': return Math.cos(a());
    case 'tan': return Math.tan(a());
    case 'asin': return Math.asin(a());
    case 'acos': return Math.acos(a());
    case 'atan': return Math.atan(a());
    case 'atan2': return Math.atan2(a(), b());
    case 'sign': return Math.sign(a());
    case 'clamp': return Math.min(Math.max(a(), b()), num(args[2]));
    case 'divrem': return Math.trunc(a() / b());
  }
  return NOT_FOUND;
}

function isNullOrWhiteSpace(v: unknown): boolean {
  return v === null || v === undefined || toStringValue(v).trim() === '';
}

function stringStatic(name: string, args: unknown[]): unknown {
  switch (name) {
    case 'isnullorempty': return args[0] === null || args[0] === undefined || toStringValue(args[0]) === '';
    case 'isnullorwhitespace': return isNullOrWhiteSpace(args[0]);
    case 'join': {
      const sep = toStringValue(args[0]);
      const items = args.length === 2 && Array.isArray(args[1]) ? args[1] : args.slice(1);
      return items.map((x) => toStringValue(x)).join(sep);
    }
    case 'concat': return (args.length === 1 && Array.isArray(args[0]) ? args[0] : args).map((x) => toStringValue(x)).join('');
    case 'format': {
      const rest = args.slice(1);
      return formatComposite(toStringValue(args[0]), rest.length === 1 && Array.isArray(rest[0]) ? rest[0] : rest);
    }
    case 'equals': return toStringValue(args[0]) === toStringValue(args[1]);
    case 'compare': {
      const ic = args.length > 2 && (args[2] === true || /ignorecase/i.test(toStringValue(args[2])));
      return compareValues(toStringValue(args[0]), toStringValue(args[1]), !ic);
    }
    case 'new': return typeof args[0] === 'string' || args[0] instanceof PSChar ? toStringValue(args[0]).repeat(args.length > 1 ? num(args[1]) : 1) : (Array.isArray(args[0]) ? args[0].map((x) => toStringValue(x)).join('') : '');
  }
  return NOT_FOUND;
}

function parseStrict(full: string, v: unknown): number {
  const s = toStringValue(v);
  const n = parseNumber(s);
  if (n === null || s.trim() === '') throw new PSException(`Exception calling "Parse" with "1" argument(s): "The input string '${s}' was not in a correct format."`, 'System.Management.Automation.MethodInvocationException');
  if (full === 'System.Double' || full === 'System.Decimal' || full === 'System.Single') return n;
  if (!Number.isInteger(n)) throw new PSException(`Exception calling "Parse" with "1" argument(s): "The input string '${s}' was not in a correct format."`, 'System.Management.Automation.MethodInvocationException');
  return convertTo(n, full) as number;
}

function regexStatic(name: string, args: unknown[]): unknown {
  const input = toStringValue(args[0]);
  const opts = args.length > 2 ? toStringValue(args[name === 'replace' ? 3 : 2]) : '';
  const ignoreCase = /ignorecase/i.test(opts);
  const multiline = /multiline/i.test(opts);
  const singleline = /singleline/i.test(opts);
  const pattern = toStringValue(args[1]);
  switch (name) {
    case 'ismatch': return toJsRegex(pattern, { ignoreCase, multiline, singleline }).test(input);
    case 'match': return new RegexMatch(toJsRegex(pattern, { ignoreCase, multiline, singleline }).exec(input), input, pattern);
    case 'matches': return [...input.matchAll(toJsRegex(pattern, { ignoreCase, multiline, singleline, global: true }))].map((m) => new RegexMatch(m, input, pattern));
    case 'replace': {
      const replOpts = args.length > 3 ? toStringValue(args[3]) : '';
      const re = toJsRegex(pattern, { ignoreCase: /ignorecase/i.test(replOpts), multiline: /multiline/i.test(replOpts), global: true });
      return input.replace(re, toJsReplacement(toStringValue(args[2])));
    }
    case 'split': return input.split(toJsRegex(pattern, { ignoreCase }));
    case 'escape': return escapeRegex(input);
    case 'unescape': return input.replace(/\\(.)/g, '$1');
  }
  return NOT_FOUND;
}

function charStatic(name: string, args: unknown[]): unknown {
  const c = args[0] instanceof PSChar ? args[0].toString() : toStringValue(args[0]).charAt(args.length > 1 ? num(args[1]) : 0);
  switch (name) {
    case 'isdigit': return /^\d$/.test(c);
    case 'isletter': return /^\p{L}$/u.test(c);
    case 'isletterordigit': return /^[\p{L}\d]$/u.test(c);
    case 'isupper': return /^\p{Lu}$/u.test(c);
    case 'islower': return /^\p{Ll}$/u.test(c);
    case 'iswhitespace': return /^\s$/.test(c);
    case 'ispunctuation': return /^\p{P}$/u.test(c);
    case 'isnumber': return /^\p{N}$/u.test(c);
    case 'toupper': return PSChar.of(c.toUpperCase());
    case 'tolower': return PSChar.of(c.toLowerCase());
    case 'parse': return PSChar.of(c);
  }
  return NOT_FOUND;
}

function convertStatic(name: string, args: unknown[]): unknown {
  switch (name) {
    case 'toint32':
    case 'toint64':
    case 'toint16':
    case 'tobyte':
      if (args.length > 1) {
        const n = parseInt(toStringValue(args[0]), num(args[1]));
        if (Number.isNaN(n)) throw new PSException(`Exception calling "${name}" with "2" argument(s): "Could not find any recognizable digits."`, 'System.Management.Automation.MethodInvocationException');
        return n;
      }
      return convertTo(args[0], { toint32: 'int', toint64: 'long', toint16: 'int16', tobyte: 'byte' }[name]!);
    case 'todouble':
    case 'todecimal':
      return convertTo(args[0], 'double');
    case 'tostring':
      if (args.length > 1 && typeof args[0] === 'number') return Math.trunc(args[0]).toString(num(args[1]));
      return toStringValue(args[0]);
    case 'toboolean': {
      const s = toStringValue(args[0]).trim().toLowerCase();
      if (typeof args[0] === 'string') {
        if (s === 'true') return true;
        if (s === 'false') return false;
        throw new PSException(`Exception calling "ToBoolean" with "1" argument(s): "String '${args[0]}' was not recognized as a valid Boolean."`, 'System.Management.Automation.MethodInvocationException');
      }
      return convertTo(args[0], 'bool');
    }
    case 'tobase64string': {
      const bytes = Array.isArray(args[0]) ? args[0].map((x) => num(x)) : [];
      return Buffer.from(bytes).toString('base64');
    }
    case 'frombase64string':
      return markArrayType([...Buffer.from(toStringValue(args[0]), 'base64')], 'System.Byte[]');
    case 'tochar':
      return convertTo(args[0], 'char');
    case 'todatetime':
      return convertTo(args[0], 'datetime');
  }
  return NOT_FOUND;
}

/** `[Type]::new(args)` / `New-Object Type args`. */
/** What a new array of `elem` holds: 0 for numbers, false for Boolean, $null for reference types. */
function defaultOf(elem: string): unknown {
  if (numericLimits(elem) || /^System\.(U?Int(16|32|64)|S?Byte)$/.test(elem)) return convertTo(0, elem);
  if (elem === 'System.Boolean') return false;
  if (elem === 'System.Char') return convertTo(0, 'char');
  return null;
}

export function construct(full: string, args: unknown[]): unknown {
  if (/^System\.Collections\.Generic\.(List|HashSet|Queue|Stack)\[/.test(full) || /^System\.Collections\.(ArrayList|Stack|Queue)$/.test(full)) {
    const init = args.length && Array.isArray(args[0]) ? args[0] : [];
    return convertTo(init, full);
  }
  if (/^System\.Collections\.Generic\.(Dictionary|SortedDictionary)\[/.test(full)) return new PSHashtable(true);
  switch (full) {
    case 'System.Collections.Hashtable': return new PSHashtable();
    case 'System.Collections.Specialized.OrderedDictionary': return new PSHashtable(true);
    case 'System.Management.Automation.PSObject':
    case 'System.Object':
    case 'System.Management.Automation.PSCustomObject': return args.length ? toPSObject(args[0]) : new PSObject();
    case 'System.Xml.XmlDocument': return new XmlDocument();
    case 'System.Management.Automation.PSCredential': return newCredential(args);
    case 'Microsoft.PowerShell.Commands.WebRequestSession': return new WebRequestSession();
    case 'System.Text.StringBuilder': return new StringBuilder(args.length && typeof args[0] === 'string' ? args[0] : '');
    case 'System.DateTime': {
      const n = args.map(num);
      if (n.length === 1) return convertTo(n[0], 'datetime');
      return PSDateTime.fromParts(n[0], n[1], n[2], n[3] ?? 0, n[4] ?? 0, n[5] ?? 0, n[6] ?? 0);
    }
    case 'System.TimeSpan': {
      const n = args.map(num);
      if (n.length === 1) return new TimeSpan(n[0]);
      if (n.length === 3) return TimeSpan.fromParts(0, n[0], n[1], n[2]);
      return TimeSpan.fromParts(n[0], n[1], n[2], n[3], n[4] ?? 0);
    }
    case 'System.Text.RegularExpressions.Regex':
      return toJsRegex(toStringValue(args[0]), { ignoreCase: args.length > 1 && /ignorecase/i.test(toStringValue(args[1])) });
    case 'System.Guid': return args.length ? convertTo(args[0], 'guid') : new PSGuid('00000000-0000-0000-0000-000000000000');
    case 'System.String': return stringStatic('new', args);
    case 'System.Random': return new PSObject(['System.Random']);
    // Version(major, minor[, build[, revision]]) or Version(string)
    case 'System.Version':
      if (args.length === 0) return new PSVersion([0, 0]);
      if (args.length === 1) return convertTo(args[0], 'version');
      return new PSVersion(args.slice(0, 4).map((a) => Math.trunc(num(a))));
    // switches are booleans in vbrs; `$sw.IsPresent` reads one
    case 'System.Management.Automation.SwitchParameter': return args.length ? toBoolean(args[0]) : false;
  }
  // `New-Object 'int[]' 3`, `[string[]]::new(2)`: an array of that length holding the element default
  const arrayOf = /^(.+)\[\]$/.exec(full);
  if (arrayOf && args.length === 1) {
    const n = Math.trunc(num(args[0]));
    if (n < 0) throw new PSException('Arithmetic operation resulted in an overflow.', 'System.OverflowException');
    return markArrayType(new Array(n).fill(defaultOf(arrayOf[1]!)), full);
  }
  // `New-Object 'int[,]' 2,3`, `[int[,]]::new(2,3)`: one length per dimension
  const md = mdArrayType(full);
  if (md) {
    if (args.length !== md.rank) throw argumentCount('new', args.length);
    return makeMDArray(md.element, args.map((a) => Math.trunc(num(a))), defaultOf(md.element));
  }
  // `New-Object System.IO.IOException 'msg'`, as `[System.IO.IOException]::new('msg')` does.
  if (isExceptionType(full)) return constructException(full, args);
  throw new PSException(`Cannot find type [${full}]: verify that the assembly containing this type is loaded.`, 'System.Management.Automation.PSArgumentException');
}

export async function staticMethod(type: TypeValue, name: string, args: unknown[], invoker?: ScriptInvoker): Promise<unknown> {
  const full = type.fullName;
  const l = name.toLowerCase();
  if (l === 'new') return construct(full, args);
  let r: unknown = NOT_FOUND;
  switch (full) {
    case 'System.Math': r = mathResult(l, args, mathMethod(l, args)); break;
    case 'System.Linq.Enumerable': r = await linqMethod(l, args, invoker); if (r === LINQ_NOT_FOUND) r = NOT_FOUND; break;
    case 'System.String': r = stringStatic(l, args); break;
    case 'System.Text.RegularExpressions.Regex': r = regexStatic(l, args); break;
    case 'System.Char': r = charStatic(l, args); break;
    case 'System.Management.Automation.WildcardPattern':
      // Escape puts a backtick before each wildcard character and before a backtick itself.
      if (l === 'escape') r = toStringValue(args[0]).replace(/[*?[\]`]/g, '`$&');
      else if (l === 'containswildcardcharacters') r = /(^|[^`])[*?[]/.test(toStringValue(args[0]));
      break;
    case 'System.Convert': r = convertStatic(l, args); break;
    case 'System.Object':
      // JS identity stands for .NET reference identity (numbers and strings compare by value)
      if (l === 'referenceequals' && args.length === 2) r = args[0] === args[1] && (args[0] === null || typeof args[0] === 'object');
      break;
    case 'System.IO.Path': r = pathStatic(l, args); if (r === IO_NOT_FOUND) r = NOT_FOUND; break;
    case 'System.IO.File':
    case 'System.IO.Directory': r = fileStatic(full, l, args); if (r === IO_NOT_FOUND) r = NOT_FOUND; break;
    case 'System.Guid':
      if (l === 'newguid') r = PSGuid.newGuid();
      else if (l === 'parse') r = convertTo(args[0], 'guid');
      break;
    case 'System.DateTime':
      if (l === 'parseexact') r = parseExact(toStringValue(args[0]), args[1]);
      else if (l === 'parse') r = convertTo(args[0], 'datetime');
      else if (l === 'daysinmonth') r = new Date(Date.UTC(num(args[0]), num(args[1]), 0)).getUTCDate();
      else if (l === 'isleapyear') { const y = num(args[0]); r = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0; }
      else if (l === 'compare') r = compareValues(args[0], args[1]);
      break;
    case 'System.TimeSpan': {
      const n = () => num(args[0]);
      const from: Record<string, number> = { fromdays: 86_400_000, fromhours: 3_600_000, fromminutes: 60_000, fromseconds: 1000, frommilliseconds: 1 };
      if (from[l]) r = TimeSpan.fromMilliseconds(n() * from[l]);
      else if (l === 'fromticks') r = new TimeSpan(n());
      else if (l === 'parse') r = convertTo(args[0], 'timespan');
      break;
    }
    case 'System.Environment':
      if (l === 'getenvironmentvariable') r = process.env[toStringValue(args[0])] ?? null;
      else if (l === 'setenvironmentvariable') { process.env[toStringValue(args[0])] = toStringValue(args[1]); r = undefined; }
      else if (l === 'getfolderpath') r = os.homedir();
      break;
    case 'System.Array':
      if (l === 'reverse' && Array.isArray(args[0])) { args[0].reverse(); r = undefined; }
      else if (l === 'indexof' && Array.isArray(args[0])) r = args[0].findIndex((x) => compareValues(x, args[1], true) === 0);
      else if (l === 'sort' && Array.isArray(args[0])) { args[0].sort((a, b) => compareValues(a, b, true)); r = undefined; }
      else if (l === 'exists' || l === 'find') r = NOT_FOUND;
      // `[array]::CreateInstance([int], 2, 3)`: one length per dimension after the element type
      else if (l === 'createinstance' && args[0] instanceof TypeValue && args.length >= 2) {
        const lengths = (args.length === 2 && Array.isArray(args[1]) ? args[1] : args.slice(1)).map((a) => Math.trunc(num(a)));
        const elem = args[0].fullName;
        r = lengths.length === 1 ? construct(elem + '[]', lengths) : makeMDArray(elem, lengths, defaultOf(elem));
      }
      break;
    case 'System.Type':
      if (l === 'gettype') r = new TypeValue(resolveTypeName(toStringValue(args[0])));
      break;
    case 'System.BitConverter':
      if (l === 'tostring' && Array.isArray(args[0])) r = args[0].map((b) => num(b).toString(16).toUpperCase().padStart(2, '0')).join('-');
      break;
  }
  if (r === NOT_FOUND) {
    const limits = numericLimits(full);
    if (limits && l === 'parse') r = parseStrict(full, args[0]);
    else if (limits && l === 'tryparse') r = parseNumber(toStringValue(args[0])) !== null;
  }
  if (r === NOT_FOUND) {
    if (args.length === 0 && staticProperty(type, name) !== NOT_FOUND) throw argumentCount(name, 0);
    throw staticMethodNotFound(full, name);
  }
  return r;
}

