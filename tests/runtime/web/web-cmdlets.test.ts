// Invoke-RestMethod and Invoke-WebRequest against a node:http listener the test starts: JSON bodies
// become objects, text stays text, hashtable bodies are a GET's query or a form, headers and bearer
// tokens go out, the response object carries status, content and headers; HTTP and connection errors
// are one-line terminating errors a script can catch; -TimeoutSec and Ctrl-C abort the request.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { createShell, type Shell } from '../../../src/runtime/shell.ts';
import { toStringValue } from '../../../src/runtime/values/convert.ts';

/** Output objects as the shell converts them to text (Int64 values are boxed). */
const text = (items: unknown[]): string[] => items.map((v) => toStringValue(v));

const dir = mkdtempSync(join(tmpdir(), 'vbrs-web-'));
process.env.VBRS_HOME = dir;

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
const seen: Seen[] = [];
/** Requests to /hang that are still open (a test checks that stopping closes them). */
const hanging = new Set<IncomingMessage>();
let hangStarted: () => void = () => {};
let flaky = 0;

const server: Server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
    const path = req.url!.split('?')[0];
    if (path === '/jobs') {
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end('{"data":[{"name":"Nightly","retainPoints":7,"ratio":1.5},{"name":"Weekly","retainPoints":14,"ratio":2.0}],"total":2}');
    } else if (path === '/list') {
      res.setHeader('content-type', 'application/json');
      res.end('[1,2,3]');
    } else if (path === '/text') {
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.setHeader('x-extra', 'one');
      res.end('héllo');
    } else if (path === '/empty') {
      res.statusCode = 204;
      res.end();
    } else if (path === '/missing') {
      res.statusCode = 404;
      res.end();
    } else if (path === '/fail') {
      res.statusCode = 409;
      res.setHeader('content-type', 'application/json');
      res.end('{\n  "error": { "code": "VBRS_JOB_RUNNING", "message": "Job is running." }\n}');
    } else if (path === '/bytes') {
      res.setHeader('content-type', 'application/octet-stream');
      res.end(Buffer.from([0, 1, 2, 255]));
    } else if (path === '/flaky') {
      // 503 twice, then 200: a retry test counts the attempts
      flaky++;
      res.statusCode = flaky <= 2 ? 503 : 200;
      res.end(flaky <= 2 ? '' : `attempt ${flaky}`);
    } else if (path === '/hang') {
      hanging.add(req);
      req.socket.on('close', () => hanging.delete(req));
      hangStarted();
    } else res.end('?');
  });
});

/** Waits (a generous bound) until the server has seen every /hang connection close. */
async function drained(): Promise<void> {
  for (let i = 0; i < 3000 && hanging.size > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

let base = '';
async function shell(): Promise<{ sh: Shell; out: () => string; err: () => string }> {
  let out = '';
  let err = '';
  const sh = createShell({ stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd: dir });
  await sh.invoke(`$base = '${base}'`);
  return { sh, out: () => out, err: () => err };
}

test.before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.after(async () => {
  for (const req of hanging) req.socket.destroy();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

test('Invoke-RestMethod: a JSON body becomes objects with ConvertFrom-Json types; a top-level array is one object, as PowerShell', async () => {
  const { sh, err } = await shell();
  const r = await sh.invoke(`$r = Invoke-RestMethod "$base/jobs"; $r.data.Count; $r.data[0].Name; $r.data[1].retainPoints.GetType().Name; $r.data[1].ratio.GetType().Name; "$($r.total)"`);
  assert.equal(text(r), ['2', 'Nightly', 'Int64', 'Double', '2']);
  const list = await sh.invoke(`(Invoke-RestMethod "$base/list" | Measure-Object).Count; (irm "$base/list").Count; (irm "$base/list") | ForEach-Object { $_ * 10 }; $l = irm "$base/list"; $l[2]`);
  assert.equal(text(list), ['1', '3', '10', '20', '30', '3']);
  assert.is(err(), '');
});

test('Invoke-RestMethod: text stays a string (decoded as UTF-8), an empty body writes nothing', async () => {
  const { sh, err } = await shell();
  const r = await sh.invoke(`$t = irm "$base/text"; $t; $t.GetType().Name; @(irm "$base/empty").Count`);
  assert.equal(text(r), ['héllo', 'String', '0']);
  assert.is(err(), '');
});

test('-Body: a hashtable is a GET query, or a form body for POST (encoded as .NET\'s WebUtility.UrlEncode); a string goes as it is with -ContentType', async () => {
  const { sh, err } = await shell();
  seen.length = 0;
  await sh.invoke(`irm "$base/echo?x=1" -Body ([ordered]@{ q = "a b~'é"; n = 2 }) | Out-Null`);
  await sh.invoke(`irm "$base/echo" -Method Post -Body ([ordered]@{ name = 'Nightly'; tag = 'x&y' }) | Out-Null`);
  await sh.invoke(`irm "$base/echo" -Method Put -Body (@{ text = 'failed' } | ConvertTo-Json -Compress) -ContentType 'application/json' -Headers @{ 'X-Run' = 7 } | Out-Null`);
  assert.equal([seen[0]!.method, seen[0]!.url, seen[0]!.body], ['GET', '/echo?x=1&q=a+b%7E%27%C3%A9&n=2', '']);
  assert.equal([seen[1]!.method, seen[1]!.body, seen[1]!.headers['content-type']], ['POST', 'name=Nightly&tag=x%26y', 'application/x-www-form-urlencoded']);
  assert.equal([seen[2]!.method, seen[2]!.body, seen[2]!.headers['content-type'], seen[2]!.headers['x-run']], ['PUT', '{"text":"failed"}', 'application/json', '7']);
  // a PUT without -ContentType sends none (PowerShell's body is bare bytes); a header with a $null value is left out
  await sh.invoke(`irm "$base/echo" -Method Put -Body 'x' -Headers @{ 'X-None' = $null } | Out-Null`);
  const put = seen.pop()!;
  assert.equal([put.body, put.headers['content-type'], 'x-none' in put.headers], ['x', undefined, false]);
  // a Content-Type in -Headers is kept; a string -Body on a GET is refused before anything is sent
  await sh.invoke(`irm "$base/echo" -Method Post -Body '{}' -Headers @{ 'content-type' = 'application/json' } | Out-Null`);
  assert.equal([seen[3]!.body, seen[3]!.headers['content-type']], ['{}', 'application/json']);
  // a POST without a body sends no Content-Type (the service's API refuses a form type on it)
  await sh.invoke(`irm "$base/echo" -Method Post | Out-Null`);
  const empty = seen.pop()!;
  assert.equal([empty.method, empty.body, empty.headers['content-type']], ['POST', '', undefined]);
  await sh.run(`irm "$base/echo" -Body 'text'`);
  assert.is(seen.length, 4);
  assert.match(err(), /^<command>:1:1: Invoke-RestMethod: A GET request cannot carry a -Body here \(Node's fetch refuses it\): pass a hashtable for the query string, or use -Method Post\.\n/);
});

test('-Authentication Bearer -Token: refused over http unless -AllowUnencryptedAuthentication, as PowerShell', async () => {
  const { sh, err } = await shell();
  seen.length = 0;
  await sh.run(`irm "$base/echo" -Authentication Bearer -Token 's3cret'`);
  assert.is(seen.length, 0, 'nothing was sent');
  assert.match(err(), /^<command>:1:1: Invoke-RestMethod: The cmdlet cannot protect plain text secrets sent over unencrypted connections\. .* specifying the AllowUnencryptedAuthentication parameter\.\n/);
  await sh.invoke(`irm "$base/echo" -Authentication Bearer -Token 's3cret' -AllowUnencryptedAuthentication | Out-Null`);
  assert.is(seen[0]!.headers.authorization, 'Bearer s3cret');
  const before = err();
  await sh.run(`irm "$base/echo" -Authentication Bearer`);
  assert.match(err().slice(before.length), /the -Token parameter is not supplied/);
});

test('Invoke-WebRequest: the response object (StatusCode, StatusDescription, Content, RawContent, Headers, RawContentLength)', async () => {
  const { sh, err } = await shell();
  const r = await sh.invoke(
    `$w = Invoke-WebRequest "$base/text"; $w.StatusCode; $w.StatusDescription; $w.Content; $w.RawContentLength; $w.Headers['X-Extra'].GetType().Name; $w.Headers['x-extra'][0]; $w.RawContent.StartsWith("HTTP/1.1 200 OK\`r\`n"); $w.RawContent.EndsWith("\`r\`n\`r\`nhéllo")`,
  );
  assert.equal(text(r), ['200', 'OK', 'héllo', '6', 'Object[]', 'one', 'True', 'True']);
  const bytes = await sh.invoke(`$b = iwr "$base/bytes"; $b.Content -join ','; $b.RawContentLength`);
  assert.equal(text(bytes), ['0,1,2,255', '4']);
  assert.is(err(), '');
});

test('an HTTP error is a one-line terminating error; catch sees the status, the body is the error details', async () => {
  const { sh, err } = await shell();
  const result = await sh.run(`irm "$base/missing"; 'next statement'`);
  assert.ok(result.success);
  assert.is(err(), `<command>:1:1: Invoke-RestMethod: Response status code does not indicate success: 404 (Not Found).\n    irm "$base/missing"; 'next statement'\n    ^\n`);
  const caught = await sh.invoke(
    `try { iwr "$base/fail" } catch { $_.Exception.Message; [int]$_.Exception.Response.StatusCode; "$($_.Exception.Response.StatusCode)"; $_.ErrorDetails.Message; $_.Exception.GetType().FullName; $_.FullyQualifiedErrorId }`,
  );
  assert.equal(text(caught), [
    'Response status code does not indicate success: 409 (Conflict).',
    '409',
    'Conflict',
    '{ "error": { "code": "VBRS_JOB_RUNNING", "message": "Job is running." } }',
    'Microsoft.PowerShell.Commands.HttpResponseException',
    'WebCmdletWebResponseException,Microsoft.PowerShell.Commands.InvokeWebRequestCommand',
  ]);
  // what the host shows for it: the details, on one line
  const before = err();
  await sh.run(`irm "$base/fail"`);
  assert.is(err().slice(before.length).split('\n')[0], '<command>:1:1: Invoke-RestMethod: { "error": { "code": "VBRS_JOB_RUNNING", "message": "Job is running." } }');
  const typed = await sh.invoke(`try { irm "$base/missing" } catch [System.Net.Http.HttpRequestException] { 'caught as HttpRequestException' }`);
  assert.equal(typed, ['caught as HttpRequestException']);
});

test('-SkipHttpErrorCheck returns the error response; -StatusCodeVariable and -ResponseHeadersVariable are set', async () => {
  const { sh, err } = await shell();
  const r = await sh.invoke(`$e = irm "$base/fail" -SkipHttpErrorCheck -StatusCodeVariable code -ResponseHeadersVariable hv; $e.error.code; $code; $code.GetType().Name; $hv['Content-Type']; (iwr "$base/missing" -SkipHttpErrorCheck).StatusCode`);
  assert.equal(text(r), ['VBRS_JOB_RUNNING', '409', 'Int32', 'application/json', '404']);
  assert.is(err(), '');
});

test('-MaximumRetryCount retries a 5xx answer -RetryIntervalSec apart, saying so on the verbose stream', async () => {
  const { sh, err } = await shell();
  flaky = 0;
  const r = await sh.invoke(`irm "$base/flaky" -MaximumRetryCount 3 -RetryIntervalSec 1 -Verbose 4>&1 | ForEach-Object { "$_" }`);
  assert.equal(text(r), [
    'Retrying after interval of 1 seconds. Status code for previous attempt: ServiceUnavailable',
    'Retrying after interval of 1 seconds. Status code for previous attempt: ServiceUnavailable',
    'attempt 3',
  ]);
  flaky = 0;
  await sh.run(`irm "$base/flaky" -MaximumRetryCount 1 -RetryIntervalSec 1`);
  assert.is(flaky, 2, 'one retry, then the error');
  assert.match(err(), /^<command>:1:1: Invoke-RestMethod: Response status code does not indicate success: 503 \(Service Unavailable\)\.\n/);
});

test('-OutFile writes the body and outputs nothing, unless -PassThru; a bad path is one line', async () => {
  const { sh, err } = await shell();
  const r = await sh.invoke(`@(iwr "$base/bytes" -OutFile out.bin).Count; (irm "$base/text" -OutFile t.txt -PassThru)`);
  assert.equal(text(r), ['0', 'héllo']);
  assert.equal([...readFileSync(join(dir, 'out.bin'))], [0, 1, 2, 255]);
  assert.is(readFileSync(join(dir, 't.txt'), 'utf8'), 'héllo');
  assert.is(err(), '');
  await sh.run(`iwr "$base/text" -PassThru`);
  assert.match(err(), /^<command>:1:1: Invoke-WebRequest: The cmdlet cannot run because the following parameter is missing: OutFile\. Provide a valid OutFile parameter value when using the PassThru parameter, then retry\.\n/);
  await sh.run(`iwr "$base/text" -OutFile ./no/such/dir/x`);
  assert.match(err(), /\n<command>:1:1: Invoke-WebRequest: Could not write '.*\/no\/such\/dir\/x': ENOENT\.\n/);
});

test('a refused connection and an unknown host are one-line errors, not stack traces', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const { sh, err } = await shell();
  // as PowerShell on Linux: the exception names the address, the details (what is shown) the socket's error
  const caught = await sh.invoke(`try { irm 127.0.0.1:${port}/x } catch { $_.Exception.Message; $_.ErrorDetails.Message; $_.Exception.GetType().FullName; $_.FullyQualifiedErrorId }`);
  assert.equal(text(caught), [`Connection refused (127.0.0.1:${port})`, 'Connection refused', 'System.Net.Http.HttpRequestException', 'WebCmdletWebResponseException,Microsoft.PowerShell.Commands.InvokeRestMethodCommand']);
  await sh.run(`irm http://no-such-host.invalid/`);
  assert.is(err(), `<command>:1:1: Invoke-RestMethod: Name or service not known\n    irm http://no-such-host.invalid/\n    ^\n`);
  await sh.run(`irm 'http://exa mple/'`);
  assert.not.match(err(), /\n\s+at /);
});

test('-TimeoutSec: a response that does not come in time is the HttpClient.Timeout error', async () => {
  const { sh, err } = await shell();
  const started = new Promise<void>((resolve) => (hangStarted = resolve));
  const r = await sh.run(`irm "$base/hang" -TimeoutSec 1`);
  await started;
  assert.ok(r.success);
  assert.match(err(), /^<command>:1:1: Invoke-RestMethod: The request was canceled due to the configured HttpClient.Timeout of 1 seconds elapsing\.\n/);
  const caught = await sh.invoke(`try { irm "$base/hang" -ConnectionTimeoutSeconds 1 } catch { $_.FullyQualifiedErrorId; $_.Exception.GetType().FullName }`);
  assert.equal(text(caught), ['ConnectionTimeoutReached,Microsoft.PowerShell.Commands.InvokeRestMethodCommand', 'System.Threading.Tasks.TaskCanceledException']);
  await drained();
});

test('Ctrl-C (the shell stopping) aborts the request: the run ends as stopped and the connection closes', async () => {
  const { sh, err } = await shell();
  const started = new Promise<void>((resolve) => (hangStarted = resolve));
  const run = sh.run(`irm "$base/hang"; 'not reached'`);
  await started;
  assert.is(hanging.size, 1);
  sh.stop();
  const r = await run;
  assert.is(r.exitCode, 130);
  await drained();
  assert.is(hanging.size, 0, 'the server saw the connection close');
  assert.is(err(), '');
});

test.run();
