// PowerShell-style errors as values: `PSException` (what `catch [Type]` matches, with a .NET-like
// type chain) and `ErrorRecord` (what `$_`, `$Error` and `-ErrorVariable` hold). Anything in the
// runtime that fails in a way a script may catch throws a `PSException` (or a `TerminatingError`
// carrying a whole record); the interpreter turns every other thrown value into one.
import type { Source } from '../lang/source.ts';
import type { Span } from '../lang/ast.ts';
import { PSNumber } from './values/ps-number.ts';

/** Parent of each known exception type; the catch matcher walks this chain. */
const PARENT: Record<string, string> = {
  'System.Exception': '',
  'System.SystemException': 'System.Exception',
  'System.ApplicationException': 'System.Exception',
  'System.Management.Automation.RuntimeException': 'System.SystemException',
  'System.Management.Automation.ParameterBindingException': 'System.Management.Automation.RuntimeException',
  'System.Management.Automation.CommandNotFoundException': 'System.Management.Automation.RuntimeException',
  'System.Management.Automation.ParseException': 'System.Management.Automation.RuntimeException',
  'System.Management.Automation.ItemNotFoundException': 'System.Management.Automation.SessionStateException',
  'System.Management.Automation.SessionStateException': 'System.Management.Automation.RuntimeException',
  'System.Management.Automation.ValidationMetadataException': 'System.Management.Automation.MetadataException',
  'System.Management.Automation.MetadataException': 'System.Management.Automation.RuntimeException',
  'System.Management.Automation.PSInvalidCastException': 'System.InvalidCastException',
  'System.Management.Automation.MethodInvocationException': 'System.Management.Automation.MethodException',
  'System.Management.Automation.MethodException': 'System.Management.Automation.RuntimeException',
  'System.Management.Automation.PSArgumentException': 'System.ArgumentException',
  'System.Management.Automation.ActionPreferenceStopException': 'System.Management.Automation.RuntimeException',
  'System.Management.Automation.PipelineStoppedException': 'System.Management.Automation.RuntimeException',
  'Microsoft.PowerShell.Commands.WriteErrorException': 'System.SystemException',
  'System.InvalidCastException': 'System.SystemException',
  'System.ArgumentException': 'System.SystemException',
  'System.ArgumentNullException': 'System.ArgumentException',
  'System.ArgumentOutOfRangeException': 'System.ArgumentException',
  'System.ArithmeticException': 'System.SystemException',
  'System.DivideByZeroException': 'System.ArithmeticException',
  'System.OverflowException': 'System.ArithmeticException',
  'System.FormatException': 'System.SystemException',
  'System.IndexOutOfRangeException': 'System.SystemException',
  'System.InvalidOperationException': 'System.SystemException',
  'System.NotSupportedException': 'System.SystemException',
  'System.NotImplementedException': 'System.SystemException',
  'System.NullReferenceException': 'System.SystemException',
  'System.TimeoutException': 'System.SystemException',
  'System.OperationCanceledException': 'System.SystemException',
  'System.Threading.Tasks.TaskCanceledException': 'System.OperationCanceledException',
  'System.UnauthorizedAccessException': 'System.SystemException',
  'System.IO.IOException': 'System.SystemException',
  'System.Net.Http.HttpRequestException': 'System.Exception',
  'Microsoft.PowerShell.Commands.HttpResponseException': 'System.Net.Http.HttpRequestException',
  'System.IO.FileNotFoundException': 'System.IO.IOException',
  'System.IO.DirectoryNotFoundException': 'System.IO.IOException',
  'System.Collections.Generic.KeyNotFoundException': 'System.SystemException',
  'System.Text.RegularExpressions.RegexParseException': 'System.ArgumentException',
};

/** Full type names of `typeName` and its ancestors, most specific first. Unknown types are treated as
 *  runtime exceptions (so `catch [RuntimeException]` still sees them). */
export function exceptionTypeChain(typeName: string): string[] {
  const chain: string[] = [];
  let t: string | undefined = typeName;
  if (!(t in PARENT)) {
    chain.push(t);
    t = 'System.Management.Automation.RuntimeException';
  }
  while (t) {
    chain.push(t);
    t = PARENT[t];
  }
  return chain;
}

/** Whether `written` (as in `catch [IO.IOException]`) names `fullName`: exact, or with `System.` left
 *  off, or the short name. Case-insensitive like PowerShell's type resolution. */
export function typeNameMatches(written: string, fullName: string): boolean {
  const w = written.toLowerCase();
  const f = fullName.toLowerCase();
  if (w === f || 'system.' + w === f) return true;
  // Lenient on purpose: a bare short name (`RuntimeException`) resolves to any namespace.
  return !w.includes('.') && f.endsWith('.' + w);
}

/** Whether a resolved type name denotes an exception type (`[System.IO.IOException]`). */
export function isExceptionType(fullName: string): boolean {
  return fullName in PARENT || /Exception$/.test(fullName);
}

/** `[T]::new(message[, inner])`, `New-Object T message`, `[T]'message'` for exception types. */
export function constructException(fullName: string, args: unknown[]): PSException {
  const msg = args.length && args[0] !== null && args[0] !== undefined ? String(args[0]) : `Exception of type '${fullName}' was thrown.`;
  const inner = args.find((a): a is PSException => a instanceof PSException) ?? null;
  const chain = exceptionTypeChain(fullName);
  // ArgumentException(message, paramName) appends the parameter like .NET does.
  // ArgumentNullException / ArgumentOutOfRangeException take (paramName[, message]), like .NET.
  const paramFirst: Record<string, string> = {
    'System.ArgumentNullException': 'Value cannot be null.',
    'System.ArgumentOutOfRangeException': 'Specified argument was out of the range of valid values.',
  };
  if (paramFirst[fullName] && typeof args[0] === 'string') {
    const text = typeof args[1] === 'string' ? args[1] : paramFirst[fullName];
    const e = new PSException(`${text} (Parameter '${args[0]}')`, fullName, { inner });
    e.ParamName = args[0];
    return e;
  }
  if (chain.includes('System.ArgumentException') && typeof args[1] === 'string') {
    const e = new PSException(`${msg} (Parameter '${args[1]}')`, fullName, { inner });
    e.ParamName = args[1];
    return e;
  }
  return new PSException(msg, fullName, { inner });
}

/** Whether a catch or trap written for `written` takes this error. */
export function handlerCatches(written: string, error: unknown, rec: ErrorRecord): boolean {
  if (rec.Exception.isA(written)) return true;
  return error instanceof TerminatingError && error.actionPreferenceStop && typeNameMatches(written, 'System.Management.Automation.ActionPreferenceStopException');
}

/** A .NET-like exception: the thing `$_.Exception` shows. */
export class PSException extends Error {
  readonly typeName: string;
  readonly InnerException: PSException | null;
  /** Stable engine error code (`VBRS_PROXY_UNAVAILABLE`), when the error came from the engine. */
  readonly code: string | null;
  /** The record that carried this exception, filled when it becomes an ErrorRecord. */
  errorRecord: ErrorRecord | null = null;
  /** ArgumentException's parameter name (`[ArgumentException]::new('msg', 'p')`). */
  ParamName: string | null = null;

  constructor(message: string, typeName = 'System.Management.Automation.RuntimeException', options: { inner?: PSException | null; code?: string | null } = {}) {
    super(message);
    this.typeName = typeName;
    this.InnerException = options.inner ?? null;
    this.code = options.code ?? null;
  }

  get Message(): string {
    return this.message;
  }

  /** Whether `catch [written]` catches this exception. */
  isA(written: string): boolean {
    // Every error a script sees travels as a RuntimeException in PowerShell, so that type (like
    // [Exception]) catches them all, whatever the underlying .NET type.
    if (typeNameMatches(written, 'System.Management.Automation.RuntimeException')) return true;
    return exceptionTypeChain(this.typeName).some((t) => typeNameMatches(written, t));
  }

  GetType(): { FullName: string; Name: string } {
    return { FullName: this.typeName, Name: this.typeName.replace(/^.*\./, '') };
  }

  ToString(): string {
    return `${this.typeName}: ${this.message}`;
  }

  override toString(): string {
    return this.message;
  }
}

/** `$_.CategoryInfo`; prints like PowerShell: `ObjectNotFound: (zz:String) [Get-Variable], ItemNotFoundException`. */
export class CategoryInfo {
  readonly Category: string;
  readonly Activity: string;
  readonly Reason: string;
  readonly TargetName: string;
  readonly TargetType: string;

  constructor(category: string, activity: string, reason: string, target: unknown) {
    this.Category = category;
    this.Activity = activity;
    this.Reason = reason;
    this.TargetName = target === null || target === undefined ? '' : String(target);
    this.TargetType = target === null || target === undefined ? '' : typeof target === 'string' ? 'String' : typeof target === 'number' ? 'Int32' : target instanceof PSNumber ? target.type.slice(7) : typeof target === 'boolean' ? 'Boolean' : 'Object';
  }

  toString(): string {
    return `${this.Category}: (${this.TargetName}:${this.TargetType}) [${this.Activity}], ${this.Reason}`;
  }
}

/** Where an error happened in a script. */
export class InvocationInfo {
  readonly source: Source | null;
  readonly span: Span | null;
  readonly MyCommand: string;

  constructor(source: Source | null, span: Span | null, command = '') {
    this.source = source;
    this.span = span;
    this.MyCommand = command;
  }

  get ScriptName(): string {
    return this.source?.name ?? '';
  }

  get ScriptLineNumber(): number {
    return this.source && this.span ? this.source.lineCol(this.span.start).line : 0;
  }

  get OffsetInLine(): number {
    return this.source && this.span ? this.source.lineCol(this.span.start).col : 0;
  }

  get Line(): string {
    return this.source && this.span ? this.source.lineText(this.ScriptLineNumber) : '';
  }

  get PositionMessage(): string {
    if (!this.source || !this.span) return '';
    return `At ${this.ScriptName}:${this.ScriptLineNumber} char:${this.OffsetInLine}\n+ ${this.Line}`;
  }
}

/** `$_` in a catch block, each entry of `$Error`. */
export class ErrorRecord {
  readonly Exception: PSException;
  readonly FullyQualifiedErrorId: string;
  readonly #category: string;
  readonly #reason: string;
  readonly TargetObject: unknown;
  InvocationInfo: InvocationInfo;
  ErrorDetails: { Message: string } | null = null;
  ScriptStackTrace = '';
  /** What the host prints under the error (PowerShell's "Suggestion [4,General]: …"), not part of the message. */
  suggestion: string | null = null;

  constructor(exception: PSException, errorId: string, category: string, targetObject: unknown, invocationInfo?: InvocationInfo) {
    this.Exception = exception;
    this.FullyQualifiedErrorId = errorId;
    this.TargetObject = targetObject ?? null;
    const reason = exception.typeName.replace(/^.*\./, '');
    this.#category = category;
    this.#reason = reason;
    this.InvocationInfo = invocationInfo ?? new InvocationInfo(null, null);
    if (!exception.errorRecord) exception.errorRecord = this;
  }

  get CategoryInfo(): CategoryInfo {
    return new CategoryInfo(this.#category, this.InvocationInfo.MyCommand, this.#reason, this.TargetObject);
  }

  /** The message PowerShell shows: error details when set, else the exception's message. */
  get message(): string {
    return this.ErrorDetails?.Message ?? this.Exception.message;
  }

  ToString(): string {
    return this.message;
  }

  toString(): string {
    return this.message;
  }

  /** Record for a runtime failure described by a message and an exception type name. */
  static fromMessage(message: string, typeName?: string, errorId = 'RuntimeException', category = 'NotSpecified', target: unknown = null): ErrorRecord {
    return new ErrorRecord(new PSException(message, typeName), errorId, category, target);
  }
}

/** PowerShell's PipelineStoppedException: what a stopped run (Ctrl-C, a stopped invocation) throws. */
export function pipelineStopped(): TerminatingError {
  return new TerminatingError(ErrorRecord.fromMessage('The pipeline has been stopped.', 'System.Management.Automation.PipelineStoppedException', 'PipelineStopped', 'OperationStopped'), true);
}

/** Thrown to stop the current statement with a specific record (a terminating error). */
export class TerminatingError extends Error {
  readonly record: ErrorRecord;
  /** `throw` and `-ErrorAction Stop` stop the whole script; other terminating errors (a failed
   *  binding, a runtime exception, a cmdlet failure) only stop their statement unless a
   *  try/trap is there to catch them, as in PowerShell. */
  readonly scriptTerminating: boolean;
  /** Raised because -ErrorAction / $ErrorActionPreference is Stop: `catch
   *  [ActionPreferenceStopException]` also takes it, as PowerShell (and many v2-era scripts) do. */
  actionPreferenceStop = false;

  constructor(record: ErrorRecord | string, scriptTerminating = false) {
    const rec = typeof record === 'string' ? ErrorRecord.fromMessage(record) : record;
    super(rec.message);
    this.record = rec;
    this.scriptTerminating = scriptTerminating;
  }
}
