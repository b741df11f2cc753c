// Microsoft.PowerShell.Commands.WebRequestSession: what -SessionVariable creates and -WebSession
// reuses across Invoke-RestMethod / Invoke-WebRequest calls. As PowerShell's PrepareSession, a
// request's -Headers, -UserAgent, -Credential, -MaximumRetryCount and -RetryIntervalSec are written
// into the session (so a later call with it sends them again), and the response's cookies go into
// its Cookies jar.
import { PSHashtable } from '../values/hashtable.ts';
import { CookieContainer } from './cookie-container.ts';
import type { PSCredential } from '../members/ps-credential.ts';
import { VERSION } from '../../version.ts';

export class WebRequestSession {
  readonly psTypeName = 'Microsoft.PowerShell.Commands.WebRequestSession';
  /** Sent with every request of the session (name → value, case-insensitive). */
  Headers = new PSHashtable();
  Cookies = new CookieContainer();
  Credentials: PSCredential | null = null;
  UserAgent = `Mozilla/5.0 (${process.platform}) vbrs/${VERSION}`;
  MaximumRetryCount = 0;
  RetryIntervalInSeconds = 5;

  toString(): string {
    return this.psTypeName;
  }
}
