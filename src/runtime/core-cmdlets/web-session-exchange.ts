// One request as the session's HttpClient handler carries it out (.NET's SocketsHttpHandler under
// PowerShell's web cmdlets): every hop gets the jar's cookies for its URL (after a Cookie header of
// -Headers, as .NET adds them) and stores the cookies its response sets, redirects included; a 401
// that offers Basic is answered once, on the first hop only, with the challenge credential (a
// -Credential without -Authentication: .NET never authenticates after a redirect with such a
// credential, so a redirect cannot lead it to another host); redirects (300, 301, 302, 303, 307,
// 308) are followed up to .NET's 50, dropping the Authorization header, turning a POST into a GET
// on 300/301/302 and anything but HEAD on 303 (without its body), and from https to http only with
// -AllowInsecureRedirect (else PowerShell's InsecureRedirection error, even with -SkipHttpErrorCheck).
import type { PSCredential } from '../members/ps-credential.ts';
import type { WebRequestSession } from './web-request-session.ts';
import { basicAuthorization, offersBasic } from './web-credential.ts';

export interface SessionRequest {
  url: URL;
  init: RequestInit;
  session: WebRequestSession;
  challengeCredential: PSCredential | null;
  /** -AllowInsecureRedirect: an https URL may redirect to http. */
  allowInsecureRedirect: boolean;
  /** The error an https → http redirect raises without -AllowInsecureRedirect. */
  insecureRedirect: (to: URL) => Error;
}

/** What an attempt gives back, as far as the exchange needs it. */
interface Answer {
  status: number;
  headers: [string, string[]][];
}

const REDIRECTS = new Set([300, 301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 50;

export async function sessionExchange<R extends Answer>(request: SessionRequest, attempt: (url: URL, init: RequestInit) => Promise<R>): Promise<R> {
  const { session, challengeCredential } = request;
  let url = request.url;
  const headers = new Headers(request.init.headers);
  let init: RequestInit = { ...request.init, headers, redirect: 'manual' };
  const ownCookie = headers.get('Cookie');
  for (let hop = 0, challenged = false; ; ) {
    const cookie = [ownCookie, session.Cookies.header(url)].filter(Boolean).join('; ');
    if (cookie) headers.set('Cookie', cookie);
    else headers.delete('Cookie');
    const response = await attempt(url, init);
    session.Cookies.store(url, valuesOf(response, 'set-cookie'));
    if (response.status === 401 && hop === 0 && challengeCredential && !challenged && !headers.has('Authorization') && offersBasic(valuesOf(response, 'www-authenticate'))) {
      challenged = true;
      headers.set('Authorization', basicAuthorization(challengeCredential));
      continue;
    }
    const location = valuesOf(response, 'location')[0];
    if (!REDIRECTS.has(response.status) || location === undefined || hop >= MAX_REDIRECTS) return response;
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      return response;
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') return response;
    if (url.protocol === 'https:' && next.protocol === 'http:' && !request.allowInsecureRedirect) throw request.insecureRedirect(next);
    hop++;
    headers.delete('Authorization');
    const method = (init.method ?? 'GET').toUpperCase();
    if ((response.status === 303 && method !== 'HEAD' && method !== 'GET') || ((response.status === 300 || response.status === 301 || response.status === 302) && method === 'POST')) {
      headers.delete('Content-Type');
      init = { ...init, method: 'GET', body: undefined };
    }
    url = next;
  }
}

/** A header's values in an answer (names are lower-case). */
export function valuesOf(r: Answer, name: string): string[] {
  return r.headers.find(([k]) => k === name)?.[1] ?? [];
}
