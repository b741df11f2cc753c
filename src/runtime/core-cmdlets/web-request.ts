// What Invoke-WebRequest and Invoke-RestMethod share: their parameters, building the request as
// PowerShell's WebRequestPSCmdlet does (a scheme-less URI gets `http://`, a hashtable -Body becomes
// the query of a GET and a form body otherwise, Bearer tokens refused over plain http unless
// -AllowUnencryptedAuthentication), sending it with Node's built-in `fetch` (read from globalThis
// when a request is made, never at load: the REPL hides it while Ink loads), and turning failures
// into PowerShell's one-line errors: HttpResponseException for a status outside 2xx, unless
// -SkipHttpErrorCheck; HttpRequestException for a refused connection or an unknown host; the
// HttpClient.Timeout message for -TimeoutSec. Ctrl-C (the session's signal) aborts the request.
import { writeFileSync } from 'node:fs';
import type { BoundParameters, CmdletContext, CmdletInstance, ParameterDef } from '../cmdlet.ts';
import { ErrorRecord, PSException, TerminatingError } from '../error-record.ts';
import { PSHashtable } from '../values/hashtable.ts';
import { PSEnumValue } from '../values/ps-enum.ts';
import { PSObject } from '../values/ps-object.ts';
import { toNumber, toStringValue } from '../values/convert.ts';
import { resolvePath } from '../cmdlets/path-items.ts';
import { VERSION } from '../../version.ts';

export const webRequestParameters: ParameterDef[] = [
  { name: 'Uri', type: 'string', position: 0, mandatory: true, help: 'The address; without a scheme, http:// is assumed.' },
  { name: 'Method', type: 'string', validateSet: ['Default', 'Get', 'Head', 'Post', 'Put', 'Delete', 'Trace', 'Options', 'Merge', 'Patch'], help: 'The HTTP method (default GET).' },
  { name: 'CustomMethod', type: 'string', help: 'Any other method name.' },
  { name: 'Headers', type: 'hashtable', help: 'Request headers, name = value.' },
  { name: 'Body', type: 'object', valueFromPipeline: true, help: 'A string is sent as it is; a hashtable is the query of a GET, else a form body (application/x-www-form-urlencoded).' },
  { name: 'ContentType', type: 'string', help: 'The Content-Type of the body.' },
  { name: 'Authentication', type: 'string', validateSet: ['None', 'Basic', 'Bearer', 'OAuth'], help: 'Bearer (or OAuth) sends -Token as `Authorization: Bearer …`.' },
  { name: 'Token', type: 'object', help: 'The bearer token (a string or a SecureString).' },
  { name: 'AllowUnencryptedAuthentication', type: 'switch', help: 'Lets -Authentication send its token over http:// (as PowerShell, refused otherwise).' },
  { name: 'UserAgent', type: 'string' },
  { name: 'TimeoutSec', type: 'int', validateRange: [0, 2147483647], help: 'Seconds to wait for the response (0: no limit).' },
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
function buildRequest(params: BoundParameters, commandClass: string): { url: URL; init: RequestInit } {
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
  const given = params.CustomMethod !== undefined ? toStringValue(params.CustomMethod) : toStringValue(params.Method ?? 'Get');
  const method = given.toLowerCase() === 'default' ? 'GET' : given.toUpperCase();
  const headers = new Headers();
  headers.set('User-Agent', params.UserAgent !== undefined ? toStringValue(params.UserAgent) : `Mozilla/5.0 (${process.platform}) vbrs/${VERSION}`);
  if (params.Headers instanceof PSHashtable) {
    for (const [k, v] of params.Headers.entries()) {
      try {
        headers.set(toStringValue(k), toStringValue(v));
      } catch {
        fail(`The header '${toStringValue(k)}' is not valid.`, 'WebCmdletHeaderValidationException');
      }
    }
  }
  const auth = toStringValue(params.Authentication ?? 'None').toLowerCase();
  if (auth !== 'none') {
    if (auth === 'basic') fail('-Authentication Basic needs -Credential, which vbrs does not take; send -Headers @{ Authorization = "Basic …" } instead.', 'WebCmdletAuthenticationCredentialNotSuppliedException');
    if (params.Token === undefined || params.Token === null) fail('The cmdlet cannot run because the -Token parameter is not supplied, and the -Authentication parameter requires it.', 'WebCmdletAuthenticationTokenNotSuppliedException');
    if (url.protocol === 'http:' && params.AllowUnencryptedAuthentication !== true) {
      fail('The cmdlet cannot protect plain text secrets sent over unencrypted connections. To suppress this warning and send plain text secrets over unencrypted networks, reissue the command specifying the AllowUnencryptedAuthentication parameter.', 'WebCmdletAllowUnencryptedAuthenticationRequiredException');
    }
    headers.set('Authorization', `Bearer ${secretText(params.Token)}`);
  }
  const init: RequestInit = { method, headers, redirect: 'follow' };
  const body = params.Body;
  const contentType = params.ContentType !== undefined ? toStringValue(params.ContentType) : null;
  if (body !== undefined && body !== null) {
    if (body instanceof PSHashtable) {
      const form = formEncode(body);
      if (method === 'GET') url.search = url.search ? `${url.search}&${form}` : form;
      else {
        init.body = form;
        headers.set('Content-Type', contentType ?? 'application/x-www-form-urlencoded');
      }
    } else {
      init.body = isByteArray(body) ? new Uint8Array(body) : toStringValue(body);
      // .NET's StringContent is text/plain; PowerShell makes a POST's default a form body
      headers.set('Content-Type', contentType ?? (method === 'POST' ? 'application/x-www-form-urlencoded' : 'text/plain; charset=utf-8'));
    }
  } else if (contentType !== null) headers.set('Content-Type', contentType);
  return { url, init };
}

/** PowerShell's FormatDictionary: `key=value&…`, both URL-encoded, in the hashtable's order. */
function formEncode(table: PSHashtable): string {
  return table
    .entries()
    .map(([k, v]) => `${encodeURIComponent(toStringValue(k))}=${encodeURIComponent(toStringValue(v))}`)
    .join('&');
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
  const { url, init } = buildRequest(params, commandClass);
  const timeoutSec = params.TimeoutSec !== undefined ? toNumber(params.TimeoutSec) : 0;
  const timeout = timeoutSec > 0 ? AbortSignal.timeout(timeoutSec * 1000) : null;
  init.signal = timeout ? AbortSignal.any([ctx.signal, timeout]) : ctx.signal;
  let response: WebResponse;
  try {
    const res = await globalThis.fetch(url, init);
    const body = Buffer.from(await res.arrayBuffer());
    const headers = new Map<string, string[]>();
    for (const [k, v] of res.headers) headers.set(k, [...(headers.get(k) ?? []), v]);
    const setCookie = res.headers.getSetCookie();
    if (setCookie.length) headers.set('set-cookie', setCookie);
    const { STATUS_CODES } = await import('node:http');
    response = { status: res.status, statusText: res.statusText || STATUS_CODES[res.status] || '', headers: [...headers], body, contentType: res.headers.get('content-type') ?? '' };
  } catch (e) {
    if (ctx.signal.aborted) {
      throw new TerminatingError(ErrorRecord.fromMessage('The pipeline has been stopped.', 'System.Management.Automation.PipelineStoppedException', 'PipelineStopped', 'OperationStopped'), true);
    }
    if (timeout?.aborted) {
      throw new TerminatingError(new ErrorRecord(new PSException(`The request was canceled due to the configured HttpClient.Timeout of ${timeoutSec} seconds elapsing.`, 'System.TimeoutException'), `System.Threading.Tasks.TaskCanceledException,Microsoft.PowerShell.Commands.${commandClass}`, 'OperationTimeout', url.href));
    }
    throw new TerminatingError(new ErrorRecord(new PSException(connectionFailure(e, url), 'System.Net.Http.HttpRequestException'), `System.Net.Http.HttpRequestException,Microsoft.PowerShell.Commands.${commandClass}`, 'ConnectionError', url.href));
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

/** The one line PowerShell (on .NET's SocketsHttpHandler) gives for a request that got no response:
 *  `Connection refused (127.0.0.1:9)`, `Name or service not known (nohost.invalid:80)`. */
function connectionFailure(e: unknown, url: URL): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const where = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return `Connection refused (${where})`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Name or service not known (${where})`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `The response ended prematurely. (${where})`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `No route to host (${where})`;
  }
  const text = cause?.message ?? (e as Error).message ?? String(e);
  return `${text.split('\n')[0]} (${where})`;
}

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
