// The web cmdlets past the common path, against node:http / node:https listeners the test starts,
// asserting what the server received: Basic authentication (up front with -Authentication Basic,
// after a 401 challenge with -Credential alone), sessions (-SessionVariable / -WebSession: headers
// kept, cookies stored and sent back by domain, path and expiry), -Form multipart bodies with file
// parts, -InFile, and -SkipCertificateCheck against a self-signed certificate made with openssl.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { createShell, type Shell } from '../../../src/runtime/shell.ts';
import { toStringValue } from '../../../src/runtime/values/convert.ts';

const text = (items: unknown[]): string[] => items.map((v) => toStringValue(v));
const dir = mkdtempSync(join(tmpdir(), 'vbrs-web-auth-'));
process.env.VBRS_HOME = dir;

interface Seen {
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}
const seen: Seen[] = [];
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

const handler = (req: IncomingMessage, res: import('node:http').ServerResponse) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    seen.push({ url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
    const path = req.url!.split('?')[0];
    if (path === '/private') {
      // a Basic challenge until the right credential comes
      if (req.headers.authorization !== basic('bob', 'pä ss')) {
        res.statusCode = 401;
        res.setHeader('www-authenticate', 'Basic realm="vbrs"');
        res.end('no');
      } else res.end('welcome bob');
    } else if (path === '/app/login') {
      // (a Path the request path does not start with would be refused, as .NET's jar does)
      res.setHeader('set-cookie', ['sid=abc; Path=/', 'scoped=1; Path=/app', 'gone=x; Max-Age=0', 'other=1; Domain=example.com', 'lasting=y; Path=/; Expires=Wed, 01 Jan 2099 00:00:00 GMT']);
      res.end('ok');
    } else if (path === '/logout') {
      res.setHeader('set-cookie', 'sid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/');
      res.end('bye');
    } else if (path === '/bounce') {
      // a login that sets its cookie on the redirect, as many do
      res.statusCode = Number(new URL(req.url!, 'http://x').searchParams.get('code') ?? 302);
      res.setHeader('set-cookie', 'hop=1; Path=/');
      res.setHeader('location', '/landing');
      res.end();
    } else if (path === '/away') {
      // to another host (localhost is not 127.0.0.1 to a client), which challenges
      res.statusCode = 302;
      res.setHeader('location', base.replace('127.0.0.1', 'localhost') + '/private');
      res.end();
    } else if (path === '/tohttp') {
      res.statusCode = 302;
      res.setHeader('location', `${base}/x`);
      res.end();
    } else if (path === '/loop') {
      res.statusCode = 302;
      res.setHeader('location', '/loop');
      res.end();
    } else res.end('seen');
  });
};
const server: Server = createServer(handler);
let httpsServer: HttpsServer | null = null;
let base = '';
let secureBase = '';
let noCert = '';

async function shell(): Promise<{ sh: Shell; err: () => string }> {
  let err = '';
  const sh = createShell({ stdout: () => {}, stderr: (t) => void (err += t), cwd: dir });
  await sh.invoke(`$base = '${base}'; $secure = '${secureBase}'; $cred = [pscredential]::new('bob', 'pä ss')`);
  return { sh, err: () => err };
}

test.before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=vbrs-test'], { stdio: 'ignore' });
    httpsServer = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, handler);
    await new Promise<void>((resolve) => httpsServer!.listen(0, '127.0.0.1', resolve));
    secureBase = `https://127.0.0.1:${(httpsServer.address() as AddressInfo).port}`;
  } catch {
    noCert = 'openssl is not installed: the -SkipCertificateCheck test is skipped';
  }
});

test.after(async () => {
  await new Promise((resolve) => server.close(resolve));
  if (httpsServer) await new Promise((resolve) => httpsServer!.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

test('-Authentication Basic -Credential sends the credential up front (UTF-8, base64); a PSCredential reads back with GetNetworkCredential()', async () => {
  const { sh, err } = await shell();
  seen.length = 0;
  const r = await sh.invoke(`irm "$base/private" -Authentication Basic -Credential $cred -AllowUnencryptedAuthentication; $cred.UserName; $cred.GetNetworkCredential().Password`);
  assert.equal(text(r), ['welcome bob', 'bob', 'pä ss']);
  assert.is(seen.length, 1, 'one request, no challenge needed');
  assert.is(seen[0]!.headers.authorization, basic('bob', 'pä ss'));
  assert.is(err(), '');
});

test('-Credential alone is sent only after a 401 Basic challenge, as .NET\'s handler; a wrong one ends in the 401 error', async () => {
  const { sh, err } = await shell();
  seen.length = 0;
  const r = await sh.invoke(`iwr "$base/private" -Credential $cred -AllowUnencryptedAuthentication | ForEach-Object Content`);
  assert.equal(text(r), ['welcome bob']);
  assert.equal(seen.map((s) => s.headers.authorization ?? null), [null, basic('bob', 'pä ss')]);
  seen.length = 0;
  const wrong = await sh.invoke(`try { irm "$base/private" -Credential ([pscredential]::new('bob', 'nope')) -AllowUnencryptedAuthentication } catch { [int]$_.Exception.Response.StatusCode }`);
  assert.equal(text(wrong), ['401']);
  assert.is(seen.length, 2);
  // the session keeps the credential (its Credentials) for its later requests
  seen.length = 0;
  const again = await sh.invoke(`irm "$base/x" -Credential $cred -AllowUnencryptedAuthentication -SessionVariable cs | Out-Null; $cs.Credentials.UserName; irm "$base/private" -WebSession $cs`);
  assert.equal(text(again), ['bob', 'welcome bob']);
  assert.equal(seen.map((x) => x.headers.authorization ?? null), [null, null, basic('bob', 'pä ss')]);
  assert.is(err(), '');
});

test('a credential is refused over http:// without -AllowUnencryptedAuthentication, and nothing is sent', async () => {
  const { sh, err } = await shell();
  seen.length = 0;
  const r = await sh.invoke(`try { irm "$base/private" -Credential $cred } catch { $_.FullyQualifiedErrorId }`);
  assert.equal(text(r), ['WebCmdletAllowUnencryptedAuthenticationRequiredException,Microsoft.PowerShell.Commands.InvokeRestMethodCommand']);
  assert.is(seen.length, 0);
  assert.is(err(), '');
});

test('-SessionVariable makes a WebRequestSession; -WebSession sends its headers and user agent again and keeps its cookies by path, domain and expiry', async () => {
  const { sh, err } = await shell();
  seen.length = 0;
  const r = await sh.invoke(`irm "$base/app/login" -SessionVariable s -Headers @{ 'X-Team' = 'blue' } -UserAgent probe/1 | Out-Null
$s.GetType().FullName; $s.Headers['X-Team']; $s.Cookies.Count
irm "$base/app/list" -WebSession $s | Out-Null
irm "$base/other" -WebSession $s | Out-Null
$s.Cookies.GetCookieHeader("$base/app/x")
irm "$base/logout" -WebSession $s | Out-Null
irm "$base/app/list" -WebSession $s | Out-Null
($s.Cookies.GetAllCookies() | ForEach-Object Name) -join ','`);
  assert.equal(text(r), ['Microsoft.PowerShell.Commands.WebRequestSession', 'blue', '3', 'scoped=1; sid=abc; lasting=y', 'scoped,lasting']);
  assert.is(seen[0]!.headers.cookie, undefined);
  // the session's header and user agent on every later request; the /app cookie only under /app;
  // the expired, and the one for a domain 127.0.0.1 is not in, never
  assert.is(seen[1]!.headers['x-team'], 'blue');
  assert.is(seen[1]!.headers['user-agent'], 'probe/1');
  assert.is(seen[1]!.headers.cookie, 'scoped=1; sid=abc; lasting=y');
  assert.is(seen[2]!.headers.cookie, 'sid=abc; lasting=y');
  assert.is(seen[4]!.headers.cookie, 'scoped=1; lasting=y', 'the cookie the logout expired is no longer sent');
  // a new request without the session sends no cookie
  seen.length = 0;
  await sh.invoke(`irm "$base/app/list" | Out-Null`);
  assert.is(seen[0]!.headers.cookie, undefined);
  assert.is(err(), '');
});

test('cookies are kept per host: a cookie 127.0.0.1 set is not sent to localhost', async () => {
  const { sh, err } = await shell();
  seen.length = 0;
  const other = base.replace('127.0.0.1', 'localhost');
  await sh.invoke(`irm "$base/app/login" -SessionVariable s | Out-Null; irm "${other}/x" -WebSession $s | Out-Null; irm "$base/x" -WebSession $s | Out-Null`);
  assert.is(seen[1]!.headers.cookie, undefined);
  assert.is(seen[2]!.headers.cookie, 'sid=abc; lasting=y', 'while the host that set them gets them');
  assert.is(err(), '');
});

test('session refusals: -WebSession with -SessionVariable, a -WebSession that is not a session, a -Credential that is not a PSCredential', async () => {
  const { sh, err } = await shell();
  seen.length = 0;
  const r = await sh.invoke(`$s = New-Object PSObject
try { irm "$base/x" -SessionVariable a -WebSession $s } catch { $_.Exception.Message }
try { irm "$base/x" -WebSession 'nope' } catch { $_.Exception.Message }
try { irm "$base/x" -Credential 'bob' -AllowUnencryptedAuthentication } catch { $_.Exception.Message }
try { irm "$base/x" -Authentication Basic -AllowUnencryptedAuthentication } catch { $_.Exception.Message }`);
  assert.equal(text(r), [
    'The cmdlet cannot run because the following conflicting parameters are specified: Session and SessionVariable. Specify either Session or SessionVariable, then retry.',
    'Cannot process argument transformation on parameter \'WebSession\'. Cannot convert the "nope" value of type "System.String" to type "Microsoft.PowerShell.Commands.WebRequestSession".',
    'Cannot process argument transformation on parameter \'Credential\'. Cannot convert the "bob" value of type "System.String" to type "System.Management.Automation.PSCredential".',
    'The cmdlet cannot run because the following parameter is not specified: Credential. The supplied Authentication type requires a Credential. Specify Credential, then retry.',
  ]);
  assert.is(seen.length, 0);
  assert.is(err(), '');
});

test('redirects are followed with the jar applied at each hop; POST becomes GET on 302, stays POST on 307; Authorization is dropped; a loop ends at 50 with the 302', async () => {
  const { sh, err } = await shell();
  seen.length = 0;
  const r = await sh.invoke(`irm "$base/bounce" -Method Post -Body 'a=1' -SessionVariable s -Headers @{ Authorization = 'Bearer t' }
$s.Cookies.GetCookieHeader("$base/")
irm "$base/bounce?code=307" -Method Post -Body 'b=2' -WebSession $s`);
  assert.equal(text(r), ['seen', 'hop=1', 'seen']);
  assert.equal(seen.map((x) => `${x.url} ${x.body.toString() || '-'} ${x.headers.cookie ?? '-'} ${x.headers.authorization ?? '-'} ${x.headers['content-type'] ?? '-'}`), [
    '/bounce a=1 - Bearer t application/x-www-form-urlencoded',
    '/landing - hop=1 - -',
    '/bounce?code=307 b=2 hop=1 Bearer t application/x-www-form-urlencoded',
    '/landing b=2 hop=1 - application/x-www-form-urlencoded',
  ]);
  seen.length = 0;
  const loop = await sh.invoke(`try { irm "$base/loop" } catch { [int]$_.Exception.Response.StatusCode }`);
  assert.equal(text(loop), ['302']);
  assert.is(seen.length, 51);
  assert.is(err(), '');
});

test('a header the request refuses is not kept in the session; -InFile or -Form on a GET is refused as -Body is', async () => {
  const { sh, err } = await shell();
  seen.length = 0;
  const r = await sh.invoke(`irm "$base/x" -SessionVariable s | Out-Null
try { irm "$base/x" -WebSession $s -Headers @{ 'bad name' = 1 } } catch { $_.Exception.Message }
$s.Headers.Count
try { irm "$base/x" -InFile ./x } catch { $_.FullyQualifiedErrorId }
try { irm "$base/x" -Form @{ a = 1 } } catch { $_.FullyQualifiedErrorId }`);
  assert.equal(text(r), ["The header 'bad name' is not valid.", '0', 'WebCmdletBodyNotAllowedException,Microsoft.PowerShell.Commands.InvokeRestMethodCommand', 'WebCmdletBodyNotAllowedException,Microsoft.PowerShell.Commands.InvokeRestMethodCommand']);
  assert.is(seen.length, 1);
  assert.is(err(), '');
});

test('-Form sends multipart/form-data: text parts, a list as repeated parts, a FileInfo as a file part with its bytes', async () => {
  const { sh, err } = await shell();
  const bytes = Buffer.from([0, 1, 2, 255, 13, 10, 45, 45]);
  writeFileSync(join(dir, 'disk.bin'), bytes);
  seen.length = 0;
  await sh.invoke(`irm "$base/upload" -Method Post -Form ([ordered]@{ name = 'Nightly'; tags = 'a', 'b'; file = Get-Item (Join-Path '${dir}' 'disk.bin') }) | Out-Null`);
  const s = seen[0]!;
  const boundary = /^multipart\/form-data; boundary="?([^";]+)"?$/.exec(String(s.headers['content-type']))?.[1];
  assert.ok(boundary, String(s.headers['content-type']));
  // split the body at the boundary and read each part's head and content
  const raw = s.body.toString('latin1');
  const parts = raw.split(`--${boundary}`).slice(1, -1).map((p) => {
    const at = p.indexOf('\r\n\r\n');
    return { head: p.slice(2, at), content: p.slice(at + 4, -2) };
  });
  assert.is(raw.endsWith(`--${boundary}--\r\n`), true);
  assert.equal(parts.map((p) => /name="([^"]+)"/.exec(p.head)?.[1]), ['name', 'tags', 'tags', 'file']);
  assert.equal(parts.slice(0, 3).map((p) => p.content), ['Nightly', 'a', 'b']);
  assert.match(parts[0]!.head, 'Content-Type: text/plain; charset=utf-8');
  assert.match(parts[3]!.head, 'filename="disk.bin"');
  assert.match(parts[3]!.head, 'Content-Type: application/octet-stream');
  assert.equal(Buffer.from(parts[3]!.content, 'latin1'), bytes);
  assert.is(err(), '');
});

test('-Form enumerates a list one level deep; a file removed since Get-Item is PowerShell\'s one-line path error', async () => {
  const { sh, err } = await shell();
  writeFileSync(join(dir, 'gone.bin'), 'x');
  seen.length = 0;
  const r = await sh.invoke(`irm "$base/upload" -Method Post -Form @{ a = 1, (2, 3) } | Out-Null
$f = Get-Item (Join-Path '${dir}' 'gone.bin'); Remove-Item $f.FullName
try { irm "$base/upload" -Method Post -Form @{ file = $f } } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }`);
  const boundary = /boundary="?([^";]+)"?$/.exec(String(seen[0]!.headers['content-type']))![1]!;
  const contents = seen[0]!.body.toString('latin1').split(`--${boundary}`).slice(1, -1).map((p) => p.slice(p.indexOf('\r\n\r\n') + 4, -2));
  assert.equal(contents, ['1', '2 3']);
  assert.equal(text(r), ['PathNotFound,Microsoft.PowerShell.Commands.InvokeRestMethodCommand', `Cannot find path '${join(dir, 'gone.bin')}' because it does not exist.`]);
  assert.is(seen.length, 1, 'nothing sent for the missing file');
  assert.is(err(), '');
});

test('-InFile sends the file\'s bytes as the body; a missing file, a folder, and -Body with -InFile or -Form are refused', async () => {
  const { sh, err } = await shell();
  writeFileSync(join(dir, 'body.json'), '{"a":1}');
  seen.length = 0;
  await sh.invoke(`irm "$base/in" -Method Put -InFile (Join-Path '${dir}' 'body.json') -ContentType application/json | Out-Null`);
  assert.is(seen[0]!.body.toString(), '{"a":1}');
  assert.is(seen[0]!.headers['content-type'], 'application/json');
  seen.length = 0;
  const r = await sh.invoke(`try { irm "$base/in" -Method Post -InFile ./missing.bin } catch { $_.Exception.Message }
try { irm "$base/in" -Method Post -InFile '${dir}' } catch { $_.Exception.Message }
try { irm "$base/in" -Method Post -InFile ./body.json -Body x } catch { $_.Exception.Message }
try { irm "$base/in" -Method Post -Form @{ a = 1 } -Body x } catch { $_.Exception.Message }`);
  assert.equal(text(r), [
    `Cannot find path '${join(dir, 'missing.bin')}' because it does not exist.`,
    `Path '${dir}' resolves to a directory. Specify a path including a file name, and then retry the command.`,
    'The cmdlet cannot run because the following conflicting parameters are specified: Body and InFile. Specify either Body or Infile, then retry.',
    'The cmdlet cannot run because the following conflicting parameters are specified: Body and Form. Specify either Body or Form, then retry.',
  ]);
  assert.is(seen.length, 0);
  assert.is(err(), '');
});

test('-SkipCertificateCheck reaches an https server with a self-signed certificate; without it the certificate is refused', async () => {
  if (noCert) return console.log(noCert);
  const { sh, err } = await shell();
  seen.length = 0;
  const r = await sh.invoke(`irm "$secure/x" -SkipCertificateCheck
try { irm "$secure/x" } catch { $_.Exception.GetType().FullName; $_.Exception.Message; $_.ErrorDetails.Message }
irm "$secure/private" -Authentication Basic -Credential $cred -SkipCertificateCheck`);
  assert.equal(text(r), ['seen', 'System.Net.Http.HttpRequestException', 'The SSL connection could not be established, see inner exception.', 'The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot', 'welcome bob']);
  assert.is(seen.length, 2, 'the refused request never reached the handler');
  assert.is(seen[1]!.headers.authorization, basic('bob', 'pä ss'), 'over https no -AllowUnencryptedAuthentication is needed');
  assert.is(err(), '');
});

test('a -Credential answers a challenge on the first hop only: a redirect to another host that challenges gets nothing', async () => {
  const { sh, err } = await shell();
  seen.length = 0;
  const r = await sh.invoke(`try { irm "$base/away" -Credential $cred -AllowUnencryptedAuthentication } catch { [int]$_.Exception.Response.StatusCode }`);
  assert.equal(text(r), ['401']);
  assert.equal(seen.map((s) => s.url), ['/away', '/private'], 'one request to the other host, not a second with the credential');
  assert.ok(seen.every((s) => s.headers.authorization === undefined), 'no request carried the credential');
  assert.is(err(), '');
});

test('https to http: InsecureRedirection, even with -SkipHttpErrorCheck; followed with -AllowInsecureRedirect', async () => {
  if (noCert) return console.log(noCert);
  const { sh, err } = await shell();
  seen.length = 0;
  const r = await sh.invoke(`foreach ($skip in $false, $true) {
  try { irm "$secure/tohttp" -SkipCertificateCheck -SkipHttpErrorCheck:$skip } catch { $_.FullyQualifiedErrorId; $_.ErrorDetails.Message }
}
irm "$secure/tohttp" -SkipCertificateCheck -AllowInsecureRedirect`);
  const refused = ['InsecureRedirection,Microsoft.PowerShell.Commands.InvokeRestMethodCommand', 'Cannot follow an insecure redirection by default. Reissue the command specifying the -AllowInsecureRedirect switch.'];
  assert.equal(text(r), [...refused, ...refused, 'seen']);
  assert.equal(seen.map((s) => s.url), ['/tohttp', '/tohttp', '/tohttp', '/x'], 'the http URL is reached only with the switch');
  assert.is(err(), '');
});

test("a URI's user info is not sent, and no error shows its password", async () => {
  const { sh, err } = await shell();
  seen.length = 0;
  const port = new URL(base).port;
  const r = await sh.invoke(`irm "http://bob:hunter2@127.0.0.1:${port}/x"
try { irm "http://bob:hunter2@127.0.0.1:1/x" } catch { $_ | Out-String; $_.TargetObject; $_.Exception.Message }`);
  const out = text(r);
  assert.is(out[0], 'seen');
  assert.is(seen[0]!.headers.authorization, undefined);
  assert.not.match(out.join('\n'), /hunter2/);
  assert.is(err(), '');
});

test.run();
