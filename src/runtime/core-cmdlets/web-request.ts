// What Invoke-WebRequest and Invoke-RestMethod share: their parameters, building the request as
// PowerShell's WebRequestPSCmdlet does (a scheme-less URI gets `http://`, a hashtable -Body becomes
// the query of a GET and a form body otherwise, Bearer tokens refused over plain http unless
// -AllowUnencryptedAuthentication), sending it with Node's built-in `fetch` (read from globalThis
// when a request is made, never at load: the REPL hides it while Ink loads), and turning failures
// into PowerShell's one-line errors: HttpResponseException for a status outside 2xx, unless
// -SkipHttpErrorCheck; HttpRequestException for a refused connection or an unknown host; the
// HttpClient.Timeout message for -TimeoutSec. Ctrl-C (the session's signal) aborts the request.
// Every request belongs to a WebRequestSession (a fresh one unless -WebSession), which
// sessionExchange carries out: cookies, a 401 Basic challenge, redirects. -Credential is a
// PSCredential (web-credential.ts), -Form a multipart body (multipart-form.ts), -InFile a file's bytes.
// Read against PowerShell's WebRequestPSCmdlet.Common.cs (ValidateParameters, FillRequestStream,
// GetResponse, ProcessRecord).
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import type { BoundParameters, CmdletContext, CmdletInstance, ParameterDef } from '../cmdlet.ts';
import { ErrorRecord, PSException, TerminatingError, pipelineStopped } from '../error-record.ts';
import { waitUnlessStopped } from '../wait-unless-stopped.ts';
import { PSHashtable } from '../values/hashtable.ts';
import { PSEnumValue } from '../values/ps-enum.ts';
import { PSObject } from '../values/ps-object.ts';
import { toNumber, toStringValue } from '../values/convert.ts';
import { pathNotFound, resolvePath } from '../cmdlets/path-items.ts';
import { WebRequestSession } from './web-request-session.ts';
import { basicAuthorization, credentialParameter } from './web-credential.ts';
import { parameterOfType } from './parameter-of-type.ts';
import { sessionExchange, valuesOf, type SessionRequest } from './web-session-exchange.ts';
import { multipartForm } from './multipart-form.ts';
import { insecureDispatcher } from './insecure-dispatcher.ts';

export const webRequestParameters: ParameterDef[] = [
  { name: 'Uri', type: 'string', position: 0, mandatory: true, help: 'The address; without a scheme, http:// is assumed.' },
  { name: 'Method', type: 'string', validateSet: ['Default', 'Get', 'Head', 'Post', 'Put', 'Delete', 'Trace', 'Options', 'Merge', 'Patch'], help: 'The HTTP method (default GET).' },
  { name: 'CustomMethod', type: 'string', aliases: ['CM'], help: 'Any other method name.' },
  { name: 'Headers', type: 'hashtable', help: 'Request headers, name = value.' },
  { name: 'Body', type: 'object', valueFromPipeline: true, help: 'A string is sent as it is (UTF-8); a hashtable is the query of a GET, else a form body (key=value&…).' },
  { name: 'ContentType', type: 'string', help: 'The Content-Type of the body.' },
  { name: 'InFile', type: 'string', help: 'Sends the bytes of this file as the body.' },
  { name: 'Form', type: 'hashtable', help: 'A multipart/form-data body: a FileInfo (Get-Item) value is a file part, a list one part per element.' },
  { name: 'Authentication', type: 'string', validateSet: ['None', 'Basic', 'Bearer', 'OAuth'], help: 'Basic sends -Credential up front; Bearer (or OAuth) sends -Token as `Authorization: Bearer …`.' },
  { name: 'Credential', type: 'object', help: 'A PSCredential: sent as Basic authentication, up front with -Authentication Basic, else after a 401 Basic challenge.' },
  { name: 'Token', type: 'object', help: 'The bearer token (a string or a SecureString).' },
  { name: 'AllowUnencryptedAuthentication', type: 'switch', help: 'Lets -Authentication / -Credential send secrets over http:// (as PowerShell, refused otherwise).' },
  { name: 'AllowInsecureRedirect', type: 'switch', help: 'Follows a redirect from https to http (refused by default).' },
  { name: 'SkipCertificateCheck', type: 'switch', help: "Accepts any https server certificate (self-signed, expired, another host's), for this request only." },
  { name: 'SessionVariable', type: 'string', aliases: ['SV'], help: 'Variable (a name, without $) that receives the WebRequestSession of this request.' },
  { name: 'WebSession', type: 'object', help: 'A WebRequestSession (-SessionVariable): its headers, user agent and credential are sent, its cookie jar kept.' },
  { name: 'UserAgent', type: 'string' },
  { name: 'ConnectionTimeoutSeconds', type: 'int', aliases: ['TimeoutSec'], validateRange: [0, 2147483647], help: 'Seconds to wait for the response (0: no limit).' },
  { name: 'MaximumRetryCount', type: 'int', validateRange: [0, 2147483647], help: 'Retries of an answer 304 or 400-599 (default 0).' },
  { name: 'RetryIntervalSec', type: 'int', validateRange: [1, 2147483647], help: 'Seconds between retries (default 5).' },
  { name: 'SkipHttpErrorCheck', type: 'switch', help: 'A status outside 2xx is returned like a success, not raised as an error.' },
  { name: 'StatusCodeVariable', type: 'string', help: 'Variable that receives the status code (an int).' },
  { name: 'ResponseHeadersVariable', type: 'string', aliases: ['RHV'], help: 'Variable that receives the response headers (name → string[]).' },
  { name: 'OutFile', type: 'string', help: 'Writes the response body to this file instead of the pipeline.' },
  { name: 'PassThru', type: 'switch', help: 'With -OutFile, outputs the result as well.' },
];

/** A response as both cmdlets need it. */
export interface WebResponse {
  status: number;
  statusText: string;
  /** Header names as the server sent them (lower-cased by fetch), each with its values. */
  headers: [string, string[]][];
  body: Buffer;
  contentType: string;
}

/** `[System.Net.HttpStatusCode]`: the name .NET gives a status code (`NotFound`), else its number. */
function statusCodeValue(status: number, reason: string): PSEnumValue | number {
  const name = reason.replace(/[^A-Za-z]/g, '');
  return name ? new PSEnumValue('System.Net.HttpStatusCode', name, status) : status;
}

/** What `$_.Exception.Response` is on an HTTP error: the parts of HttpResponseMessage scripts read. */
function responseMessage(r: WebResponse): PSObject {
  const o = PSObject.from([
    ['StatusCode', statusCodeValue(r.status, r.statusText)],
    ['ReasonPhrase', r.statusText],
    ['IsSuccessStatusCode', false],
    ['Headers', headersTable(r)],
  ]);
  o.typeNames = ['System.Net.Http.HttpResponseMessage', 'System.Object'];
  return o;
}

/** PowerShell's HttpResponseException: `catch` reaches the response as `$_.Exception.Response`. */
export class HttpResponseException extends PSException {
  readonly Response: PSObject;
  constructor(message: string, response: PSObject) {
    super(message, 'Microsoft.PowerShell.Commands.HttpResponseException');
    this.Response = response;
  }
}

/** Response headers as PowerShell 7 gives them: a dictionary of name → string[]. */
export function headersTable(r: WebResponse): PSHashtable {
  return PSHashtable.from(r.headers.map(([k, v]) => [k, v]));
}

/** The request's URL, method, headers and body, or a terminating error naming the bad parameter. */
function buildRequest(params: BoundParameters, ctx: CmdletContext, commandClass: string): SessionRequest {
  const fail = (message: string, id: string, category = 'InvalidArgument'): never => {
    throw new TerminatingError(new ErrorRecord(new PSException(message, 'System.ArgumentException'), `${id},Microsoft.PowerShell.Commands.${commandClass}`, category, params.Uri ?? null));
  };
  let text = toStringValue(params.Uri).trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = 'http://' + text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`Invalid URI: The hostname could not be parsed. (${toStringValue(params.Uri)})`, 'System.UriFormatException');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(`The '${url.protocol.slice(0, -1)}' scheme is not supported.`, 'WebCmdletSchemeNotSupportedException');
  // A URI's user info is not a credential to .NET's HttpClient (nothing is sent from it), and fetch
  // would refuse the URL with the password in its message: it goes, so no error or record shows it.
  url.username = '';
  url.password = '';
  if (params.WebSession !== undefined && params.SessionVariable !== undefined) {
    fail('The cmdlet cannot run because the following conflicting parameters are specified: Session and SessionVariable. Specify either Session or SessionVariable, then retry.', 'WebCmdletSessionConflictException');
  }
  const session = params.WebSession !== undefined ? parameterOfType('WebSession', params.WebSession, WebRequestSession, 'Microsoft.PowerShell.Commands.WebRequestSession') : new WebRequestSession();
  const credential = params.Credential !== undefined && params.Credential !== null ? credentialParameter(params.Credential) : null;
  const given = params.CustomMethod !== undefined ? toStringValue(params.CustomMethod) : toStringValue(params.Method ?? 'Get');
  const method = given.toLowerCase() === 'default' ? 'GET' : given.toUpperCase();
  // As PowerShell's ValidateParameters, in its order.
  const auth = toStringValue(params.Authentication ?? 'None').toLowerCase();
  const hasToken = params.Token !== undefined && params.Token !== null;
  if (auth !== 'none' && hasToken && credential) fail('The cmdlet cannot run because the following conflicting parameters are specified: Credential and Token. Specify either Credential or Token, then retry.', 'WebCmdletAuthenticationTokenConflictException');
  if (auth === 'basic' && !credential) fail('The cmdlet cannot run because the following parameter is not specified: Credential. The supplied Authentication type requires a Credential. Specify Credential, then retry.', 'WebCmdletAuthenticationCredentialNotSuppliedException');
  if (auth !== 'none' && auth !== 'basic' && !hasToken) fail('The cmdlet cannot run because the -Token parameter is not supplied, and the -Authentication parameter requires it.', 'WebCmdletAuthenticationTokenNotSuppliedException');
  if ((auth !== 'none' || credential) && url.protocol === 'http:' && params.AllowUnencryptedAuthentication !== true) {
    fail('The cmdlet cannot protect plain text secrets sent over unencrypted connections. To suppress this warning and send plain text secrets over unencrypted networks, reissue the command specifying the AllowUnencryptedAuthentication parameter.', 'WebCmdletAllowUnencryptedAuthenticationRequiredException');
  }
  const hasBody = params.Body !== undefined && params.Body !== null;
  if (hasBody && params.InFile !== undefined) fail('The cmdlet cannot run because the following conflicting parameters are specified: Body and InFile. Specify either Body or Infile, then retry.', 'WebCmdletBodyConflictException');
  if (hasBody && params.Form !== undefined) fail('The cmdlet cannot run because the following conflicting parameters are specified: Body and Form. Specify either Body or Form, then retry.', 'WebCmdletBodyFormConflictException');
  if (params.InFile !== undefined && params.Form !== undefined) fail('The cmdlet cannot run because the following conflicting parameters are specified: InFile and Form. Specify either InFile or Form, then retry.', 'WebCmdletFormInFileConflictException');
  if (params.PassThru === true && params.OutFile === undefined) {
    fail('The cmdlet cannot run because the following parameter is missing: OutFile. Provide a valid OutFile parameter value when using the PassThru parameter, then retry.', 'WebCmdletOutFileMissingException');
  }
  // PowerShell's PrepareSession: this request's settings become the session's.
  // A header is checked before the session takes it, so a bad one never spoils a reused session.
  if (params.Headers instanceof PSHashtable) {
    for (const [k, v] of params.Headers.entries()) {
      if (v === null || v === undefined) continue; // as PowerShell: a header without a value is left out
      try {
        new Headers().set(toStringValue(k), toStringValue(v));
      } catch {
        fail(`The header '${toStringValue(k)}' is not valid.`, 'WebCmdletHeaderValidationException');
      }
      session.Headers.set(toStringValue(k), toStringValue(v));
    }
  }
  if (params.UserAgent !== undefined) session.UserAgent = toStringValue(params.UserAgent);
  if (credential && auth === 'none') session.Credentials = credential;
  if (params.MaximumRetryCount !== undefined && toNumber(params.MaximumRetryCount) > 0) session.MaximumRetryCount = toNumber(params.MaximumRetryCount);
  if (params.RetryIntervalSec !== undefined && toNumber(params.RetryIntervalSec) > 0) session.RetryIntervalInSeconds = toNumber(params.RetryIntervalSec);
  const headers = new Headers();
  headers.set('User-Agent', session.UserAgent);
  for (const [k, v] of session.Headers.entries()) {
    try {
      headers.set(toStringValue(k), toStringValue(v));
    } catch {
      // one a script wrote into $s.Headers itself
      fail(`The header '${toStringValue(k)}' is not valid.`, 'WebCmdletHeaderValidationException');
    }
  }
  if (auth === 'basic') headers.set('Authorization', basicAuthorization(credential!));
  else if (auth !== 'none') headers.set('Authorization', `Bearer ${secretText(params.Token)}`);
  const init: RequestInit = { method, headers }; // redirects: sessionExchange follows them
  // The Content-Type: -ContentType; else one given in -Headers; else, for a POST with a body
  // only, a form. Other methods send none (PowerShell's body is bare bytes), so bodies go to fetch
  // as bytes, which adds no type of its own. A POST without a body has no content, so no content
  // header (.NET's HttpClient sends content headers with content only): a form type on an empty
  // POST is what the service's API refuses as an unsupported media type.
  const body = params.Body;
  const payload = params.Form instanceof PSHashtable || params.InFile !== undefined || (hasBody && !(body instanceof PSHashtable && method === 'GET'));
  if (payload && (method === 'GET' || method === 'HEAD')) fail(`A ${method} request cannot carry a -Body here (Node's fetch refuses it): pass a hashtable for the query string, or use -Method Post.`, 'WebCmdletBodyNotAllowedException');
  if (params.Form instanceof PSHashtable) {
    // the form's own type, with its boundary, whatever -ContentType says
    const form = multipartForm(params.Form, (path) => readUploadFile(path, commandClass));
    headers.set('Content-Type', form.contentType);
    init.body = form.body;
  } else if (params.ContentType !== undefined) headers.set('Content-Type', toStringValue(params.ContentType));
  else if (method === 'POST' && (hasBody || params.InFile !== undefined) && !headers.has('Content-Type')) headers.set('Content-Type', 'application/x-www-form-urlencoded');
  if (params.InFile !== undefined) init.body = inFileBody(params.InFile, ctx, commandClass);
  else if (hasBody) {
    if (body instanceof PSHashtable && method === 'GET') {
      const form = formEncode(body);
      url.search = url.search ? `${url.search}&${form}` : form;
    } else {
      init.body = body instanceof PSHashtable ? Buffer.from(formEncode(body)) : isByteArray(body) ? new Uint8Array(body) : Buffer.from(toStringValue(body));
    }
  }
  const challengeCredential = auth === 'none' ? (credential ?? session.Credentials) : null;
  const insecureRedirect = (to: URL) => {
    // As PowerShell: an InvalidOperationException, the explanation in the error's details.
    const rec = new ErrorRecord(new PSException('Operation is not valid due to the current state of the object.', 'System.InvalidOperationException'), `InsecureRedirection,Microsoft.PowerShell.Commands.${commandClass}`, 'InvalidOperation', to.href);
    rec.ErrorDetails = { Message: 'Cannot follow an insecure redirection by default. Reissue the command specifying the -AllowInsecureRedirect switch.' };
    return new TerminatingError(rec);
  };
  return { url, init, session, challengeCredential, allowInsecureRedirect: params.AllowInsecureRedirect === true, insecureRedirect };
}

/** -InFile's bytes; a path that is missing or a folder is PowerShell's error for it. */
function inFileBody(inFile: unknown, ctx: CmdletContext, commandClass: string): Buffer {
  const path = resolvePath(ctx, inFile);
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new TerminatingError(pathNotFound(path, commandClass));
  }
  if (isDir) {
    throw new TerminatingError(new ErrorRecord(new PSException(`Path '${toStringValue(inFile)}' resolves to a directory. Specify a path including a file name, and then retry the command.`, 'System.ArgumentException'), `WebCmdletInFileNotFilePathException,Microsoft.PowerShell.Commands.${commandClass}`, 'InvalidArgument', toStringValue(inFile)));
  }
  return readUploadFile(path, commandClass);
}

/**
 * The bytes of a file a request sends (-InFile, a -Form file part). A read that fails — the file
 * removed since Get-Item, no permission, an I/O error — is PowerShell's one-line error for it,
 * not Node's.
 */
function readUploadFile(path: string, commandClass: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new TerminatingError(pathNotFound(path, commandClass));
    const denied = code === 'EACCES' || code === 'EPERM';
    const message = denied ? `Access to the path '${path}' is denied.` : `Could not read '${path}': ${code ?? (e as Error).message}.`;
    const type = denied ? 'System.UnauthorizedAccessException' : 'System.IO.IOException';
    throw new TerminatingError(new ErrorRecord(new PSException(message, type), `${type},Microsoft.PowerShell.Commands.${commandClass}`, denied ? 'PermissionDenied' : 'ReadError', path));
  }
}

/** PowerShell's FormatDictionary: `key=value&…`, each encoded by .NET's WebUtility.UrlEncode, in
 *  the hashtable's order. */
function formEncode(table: PSHashtable): string {
  return table
    .entries()
    .map(([k, v]) => `${urlEncode(toStringValue(k))}=${urlEncode(toStringValue(v))}`)
    .join('&');
}

/** WebUtility.UrlEncode: a space is `+`; letters, digits and `-_.!*()` stay; the rest is %XX of UTF-8. */
function urlEncode(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, '+').replace(/[~']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function isByteArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.length > 0 && v.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b < 256);
}

/** The token's text: vbrs has no SecureString (Read-Host -AsSecureString gives a string). */
function secretText(token: unknown): string {
  return toStringValue(token);
}

/** Sends the request the bound parameters describe; an HTTP error status is raised unless
 *  -SkipHttpErrorCheck. Sets -StatusCodeVariable / -ResponseHeadersVariable either way. */
export async function sendWebRequest(params: BoundParameters, ctx: CmdletContext, commandClass: string): Promise<WebResponse> {
  const request = buildRequest(params, ctx, commandClass);
  const { url, init, session } = request;
  // As PowerShell, the variable holds the session before the request is sent.
  if (params.SessionVariable !== undefined) ctx.setVariable(toStringValue(params.SessionVariable), session);
  if (params.SkipCertificateCheck === true) (init as { dispatcher?: object }).dispatcher = await insecureDispatcher();
  const timeoutSec = params.ConnectionTimeoutSeconds !== undefined ? toNumber(params.ConnectionTimeoutSeconds) : 0;
  const retries = session.MaximumRetryCount;
  const intervalSec = session.RetryIntervalInSeconds;
  const send = () => sessionExchange(request, (u, i) => fetchOnce(u, i, timeoutSec, ctx, commandClass));
  let response = await send();
  // PowerShell retries a 304 or a 400-599 answer (not a connection that failed), waiting in between
  for (let i = 0; i < retries && (response.status === 304 || (response.status >= 400 && response.status <= 599)); i++) {
    // a 429's Retry-After (in seconds) replaces the interval
    const after = response.status === 429 ? Number.parseInt(valuesOf(response, 'retry-after')[0] ?? '', 10) : Number.NaN;
    const wait = Number.isFinite(after) ? after : intervalSec;
    await ctx.writeVerbose(`Retrying after interval of ${wait} seconds. Status code for previous attempt: ${statusCodeValue(response.status, response.statusText)}`);
    await waitOrStop(wait * 1000, ctx.signal);
    response = await send();
  }
  if (params.StatusCodeVariable !== undefined) ctx.setVariable(toStringValue(params.StatusCodeVariable), response.status);
  if (params.ResponseHeadersVariable !== undefined) ctx.setVariable(toStringValue(params.ResponseHeadersVariable), headersTable(response));
  if ((response.status < 200 || response.status > 299) && params.SkipHttpErrorCheck !== true) {
    const message = `Response status code does not indicate success: ${response.status} (${response.statusText}).`;
    const rec = new ErrorRecord(new HttpResponseException(message, responseMessage(response)), `WebCmdletWebResponseException,Microsoft.PowerShell.Commands.${commandClass}`, 'InvalidOperation', url.href);
    // As PowerShell: the body, when there is one, is the error's details (what the host shows);
    // folded onto one line, so an error stays one line.
    const detail = response.body.toString('utf8').replace(/\s+/g, ' ').trim();
    if (detail) rec.ErrorDetails = { Message: detail };
    throw new TerminatingError(rec);
  }
  if (params.OutFile !== undefined) {
    const path = resolvePath(ctx, params.OutFile);
    try {
      writeFileSync(path, response.body);
    } catch (e) {
      throw new TerminatingError(new ErrorRecord(new PSException(`Could not write '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`, 'System.IO.IOException'), `System.IO.IOException,Microsoft.PowerShell.Commands.${commandClass}`, 'WriteError', path));
    }
  }
  return response;
}

/** One attempt: the response, or the stop / timeout / connection error as a terminating error. */
async function fetchOnce(url: URL, init: RequestInit, timeoutSec: number, ctx: CmdletContext, commandClass: string): Promise<WebResponse> {
  const timeout = timeoutSec > 0 ? AbortSignal.timeout(timeoutSec * 1000) : null;
  init.signal = timeout ? AbortSignal.any([ctx.signal, timeout]) : ctx.signal;
  try {
    const res = await globalThis.fetch(url, init);
    const body = Buffer.from(await res.arrayBuffer());
    const headers = new Map<string, string[]>();
    for (const [k, v] of res.headers) headers.set(k, [...(headers.get(k) ?? []), v]);
    const setCookie = res.headers.getSetCookie();
    if (setCookie.length) headers.set('set-cookie', setCookie);
    return { status: res.status, statusText: res.statusText || STATUS_CODES[res.status] || '', headers: [...headers], body, contentType: res.headers.get('content-type') ?? '' };
  } catch (e) {
    if (ctx.signal.aborted) throw pipelineStopped();
    if (timeout?.aborted) {
      throw new TerminatingError(new ErrorRecord(new PSException(`The request was canceled due to the configured HttpClient.Timeout of ${timeoutSec} seconds elapsing.`, 'System.Threading.Tasks.TaskCanceledException'), `ConnectionTimeoutReached,Microsoft.PowerShell.Commands.${commandClass}`, 'OperationTimeout', null));
    }
    // As PowerShell: the exception says where (`Connection refused (127.0.0.1:9)`), the error's
    // details — what the error line shows — are the socket's own message.
    const { message, detail } = connectionFailure(e, url);
    const rec = new ErrorRecord(new PSException(message, 'System.Net.Http.HttpRequestException'), `WebCmdletWebResponseException,Microsoft.PowerShell.Commands.${commandClass}`, 'InvalidOperation', url.href);
    rec.ErrorDetails = { Message: detail };
    throw new TerminatingError(rec);
  }
}

/** Waits between retries; Ctrl-C ends the wait and the command. */
async function waitOrStop(ms: number, signal: AbortSignal): Promise<void> {
  await waitUnlessStopped(ms, signal);
  if (signal.aborted) throw pipelineStopped();
}

/** The running cmdlet both share: one request when it is first in its pipeline, else one per piped
 *  -Body; `write` outputs the response, unless -OutFile took it (and no -PassThru). */
export function webRequestInstance(params: BoundParameters, ctx: CmdletContext, commandClass: string, write: (r: WebResponse) => Promise<void>): CmdletInstance {
  let sent = false;
  return {
    async process(input) {
      if (input === undefined && sent) return;
      sent = true;
      const r = await sendWebRequest(params, ctx, commandClass);
      if (params.OutFile === undefined || params.PassThru === true) await write(r);
    },
  };
}

/** What .NET's SocketsHttpHandler on Linux says for a request that got no response: the socket's
 *  message, and the HttpRequestException's, which adds the address. */
function connectionFailure(e: unknown, url: URL): { message: string; detail: string } {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const where = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  const known: Record<string, string> = {
    ECONNREFUSED: 'Connection refused',
    ENOTFOUND: 'Name or service not known',
    EAI_AGAIN: 'Resource temporarily unavailable',
    ECONNRESET: 'Connection reset by peer',
    EHOSTUNREACH: 'No route to host',
    ENETUNREACH: 'Network is unreachable',
    ETIMEDOUT: 'Connection timed out',
  };
  const certificate = cause?.code ? CERTIFICATE_ERRORS[cause.code] : undefined;
  if (certificate) return { message: 'The SSL connection could not be established, see inner exception.', detail: `The remote certificate is invalid ${certificate}` };
  const detail = (cause?.code && known[cause.code]) || (cause?.message ?? (e as Error).message ?? String(e)).split('\n')[0]!;
  return { message: `${detail} (${where})`, detail };
}

/** A refused server certificate as .NET's SslStream says it (the inner exception of PowerShell's
 *  `The SSL connection could not be established`): the reason, from OpenSSL's code. */
const CERTIFICATE_ERRORS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'because of errors in the certificate chain: UntrustedRoot',
  SELF_SIGNED_CERT_IN_CHAIN: 'because of errors in the certificate chain: UntrustedRoot',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'because of errors in the certificate chain: PartialChain',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'because of errors in the certificate chain: PartialChain',
  CERT_HAS_EXPIRED: 'because of errors in the certificate chain: NotTimeValid',
  CERT_NOT_YET_VALID: 'because of errors in the certificate chain: NotTimeValid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'according to the validation procedure: RemoteCertificateNameMismatch',
};

/** Whether a Content-Type holds text (decoded as a string) rather than bytes. */
export function isTextContent(contentType: string): boolean {
  const t = contentType.split(';')[0]!.trim().toLowerCase();
  return t === '' || t.startsWith('text/') || /[/+](json|xml|javascript|x-www-form-urlencoded)$/.test(t) || t === 'application/ecmascript';
}

/** The body as text, in the Content-Type's charset when Node knows it (UTF-8 otherwise). */
export function bodyText(r: WebResponse): string {
  const charset = /charset\s*=\s*"?([^";]+)/i.exec(r.contentType)?.[1]?.toLowerCase();
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(r.body);
  } catch {
    return r.body.toString('utf8');
  }
}
