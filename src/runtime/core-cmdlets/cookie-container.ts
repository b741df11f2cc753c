// The cookie jar of a WebRequestSession, as .NET's CookieContainer keeps it for the common case:
// a response's Set-Cookie is stored under its domain (the request's host only, without a Domain
// attribute; that domain and its subdomains with one the host belongs to, else refused) and path
// (the request path's directory without a Path attribute), replaced by name+domain+path, dropped
// when Max-Age (which wins) or Expires says it has expired; a request gets, in a `Cookie` header,
// the unexpired cookies whose domain and path match it (Secure ones over https only), longest path
// first. Scripts read it as .NET's: `$s.Cookies.Count`, `.GetCookies($uri)`, `.GetAllCookies()`,
// `.GetCookieHeader($uri)`, `.SetCookies($uri, 'a=1')`.
import { PSException } from '../error-record.ts';
import { PSObject } from '../values/ps-object.ts';
import { PSDateTime } from '../values/date-time.ts';
import { toStringValue } from '../values/convert.ts';

interface StoredCookie {
  name: string;
  value: string;
  /** Lower case, without a leading dot. */
  domain: string;
  /** Whether the cookie was set without a Domain attribute: sent to that host exactly. */
  hostOnly: boolean;
  path: string;
  /** Milliseconds since the epoch; null for a session cookie. */
  expires: number | null;
  secure: boolean;
  httpOnly: boolean;
  created: number;
}

export class CookieContainer {
  readonly psTypeName = 'System.Net.CookieContainer';
  #cookies: StoredCookie[] = [];

  get Count(): number {
    return this.#live().length;
  }

  /** Stores each Set-Cookie header a response to `url` carried. */
  store(url: URL, setCookies: string[]): void {
    for (const line of setCookies) {
      const c = parseSetCookie(line, url);
      if (!c) continue;
      this.#cookies = this.#cookies.filter((o) => !(o.name === c.name && o.domain === c.domain && o.path === c.path));
      if (c.expires === null || c.expires > Date.now()) this.#cookies.push(c);
    }
  }

  /** The `Cookie` header for a request to `url`, or '' when no cookie matches. */
  header(url: URL): string {
    return this.#matching(url)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  GetCookies(uri: unknown): PSObject[] {
    return this.#matching(uriArgument(uri)).map(cookieObject);
  }

  GetAllCookies(): PSObject[] {
    return this.#live().map(cookieObject);
  }

  GetCookieHeader(uri: unknown): string {
    return this.header(uriArgument(uri));
  }

  /** .NET's SetCookies(Uri, string): one or more comma-separated Set-Cookie values. */
  SetCookies(uri: unknown, header: unknown): void {
    this.store(uriArgument(uri), splitCookieHeader(toStringValue(header)));
  }

  toString(): string {
    return this.psTypeName;
  }

  #live(): StoredCookie[] {
    const now = Date.now();
    this.#cookies = this.#cookies.filter((c) => c.expires === null || c.expires > now);
    return this.#cookies;
  }

  #matching(url: URL): StoredCookie[] {
    const host = url.hostname.toLowerCase();
    return this.#live()
      .filter((c) => (c.hostOnly ? host === c.domain : domainMatches(host, c.domain)) && pathMatches(url.pathname || '/', c.path) && (!c.secure || url.protocol === 'https:'))
      .sort((a, b) => b.path.length - a.path.length || a.created - b.created);
  }
}

function uriArgument(uri: unknown): URL {
  try {
    return new URL(toStringValue(uri));
  } catch {
    throw new PSException(`Invalid URI: The format of the URI could not be determined. (${toStringValue(uri)})`, 'System.UriFormatException');
  }
}

/** An IPv4 or IPv6 address, not a name: no domain matching, no Domain attribute. */
function isAddress(host: string): boolean {
  return /^[\d.]+$|:/.test(host);
}

/** RFC 6265 5.1.3: the host is the domain, or ends with `.domain` and is a name, not an address. */
function domainMatches(host: string, domain: string): boolean {
  if (host === domain) return true;
  return host.endsWith('.' + domain) && !isAddress(host);
}

/** RFC 6265 5.1.4: the cookie's path is the request path, or a prefix of it ending at a `/`. */
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

/** RFC 6265 5.1.4's default-path: the request path up to, not including, its last `/`. */
function defaultPath(url: URL): string {
  const p = url.pathname;
  if (!p.startsWith('/') || p.lastIndexOf('/') === 0) return '/';
  return p.slice(0, p.lastIndexOf('/'));
}

/** DateTime.MaxValue, in ms since 1970: the latest expiry a cookie can have. */
const MAX_EXPIRES = 253402300799999;

/**
 * One Set-Cookie value, or null for one the jar refuses, as .NET's Cookie.VerifySetDefaults does:
 * no name, a control character, a Domain the host is outside, a single-label Domain that is not
 * the host itself (`Domain=com` would reach every .com site), a Domain on an address, a Path the
 * request path is outside.
 */
function parseSetCookie(line: string, url: URL): StoredCookie | null {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(line)) return null;
  const [pair = '', ...attrs] = line.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return null;
  const host = url.hostname.toLowerCase();
  const c: StoredCookie = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), domain: host, hostOnly: true, path: defaultPath(url), expires: null, secure: false, httpOnly: false, created: Date.now() };
  let maxAge: number | null = null;
  for (const attr of attrs) {
    const i = attr.indexOf('=');
    const key = (i < 0 ? attr : attr.slice(0, i)).trim().toLowerCase();
    const value = i < 0 ? '' : attr.slice(i + 1).trim();
    if (key === 'domain' && value) {
      const domain = value.replace(/^\./, '').toLowerCase();
      // An address or a single-label host naming itself: as without the attribute (host only).
      if (domain === host && (isAddress(host) || !domain.includes('.'))) continue;
      if (!domainMatches(host, domain) || !domain.includes('.')) return null;
      c.domain = domain;
      c.hostOnly = false;
    } else if (key === 'path' && value.startsWith('/')) {
      if (!(url.pathname || '/').startsWith(value)) return null; // .NET: the request path starts with it
      c.path = value;
    }
    else if (key === 'max-age' && /^-?\d+$/.test(value)) maxAge = Number(value);
    else if (key === 'expires') {
      const t = Date.parse(value);
      if (Number.isFinite(t)) c.expires = t;
    } else if (key === 'secure') c.secure = true;
    else if (key === 'httponly') c.httpOnly = true;
  }
  if (maxAge !== null) c.expires = maxAge <= 0 ? 0 : Date.now() + maxAge * 1000;
  if (c.expires !== null) c.expires = Math.min(c.expires, MAX_EXPIRES);
  return c;
}

/** Splits a header of several cookies at the commas that start a new one (not those inside an
 *  Expires date, `Wed, 09 Jun 2027 …`). */
function splitCookieHeader(header: string): string[] {
  return header.split(/,(?=\s*[^;,=\s]+=)/).map((s) => s.trim()).filter(Boolean);
}

/** A System.Net.Cookie as scripts read it. */
function cookieObject(c: StoredCookie): PSObject {
  const o = PSObject.from([
    ['Name', c.name],
    ['Value', c.value],
    ['Domain', c.hostOnly ? c.domain : '.' + c.domain],
    ['Path', c.path],
    ['Expires', c.expires === null ? PSDateTime.fromParts(1, 1, 1) : PSDateTime.fromDate(new Date(c.expires))],
    ['Secure', c.secure],
    ['HttpOnly', c.httpOnly],
  ]);
  o.typeNames = ['System.Net.Cookie', 'System.Object'];
  return o;
}
