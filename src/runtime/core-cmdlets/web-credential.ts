// -Credential for the web cmdlets: a PSCredential (`[pscredential]::new('user', 'secret')`), sent
// as `Authorization: Basic base64(UTF-8 "user:password")` as PowerShell's GetBasicAuthorizationHeader
// does. Anything else is refused as PowerShell's binder refuses it: a vbrs guest credential
// (Get-Credential, whose secret the engine keeps for guest processing) is not a PSCredential.
import { PSCredential } from '../members/ps-credential.ts';
import { parameterOfType } from './parameter-of-type.ts';

/** The PSCredential a -Credential argument holds, or PowerShell's conversion error. */
export function credentialParameter(value: unknown): PSCredential {
  return parameterOfType('Credential', value, PSCredential, 'System.Management.Automation.PSCredential');
}

export function basicAuthorization(c: PSCredential): string {
  return `Basic ${Buffer.from(`${c.UserName}:${c.secret()}`, 'utf8').toString('base64')}`;
}

/** Whether a 401's WWW-Authenticate headers offer Basic, the challenge a bare -Credential answers. */
export function offersBasic(challenges: string[]): boolean {
  return challenges.some((h) => /(^|,)\s*basic\b/i.test(h));
}

