// System.Management.Automation.PSCredential: a user name and its password, as scripts make one
// with `[pscredential]::new('user', $password)` or `New-Object PSCredential user, $password` for the
// web cmdlets' -Credential. vbrs has no SecureString (Read-Host -AsSecureString gives a string), so
// the password is a string; it is kept out of the object's properties (PowerShell shows a
// SecureString there) and read back, as in .NET, with `.GetNetworkCredential().Password`.
import { PSException } from '../error-record.ts';
import { argumentCount } from './member-error.ts';
import { PSObject } from '../values/ps-object.ts';
import { toStringValue } from '../values/convert.ts';

export class PSCredential {
  readonly psTypeName = 'System.Management.Automation.PSCredential';
  readonly UserName: string;
  readonly #password: string;

  constructor(userName: string, password: string) {
    this.UserName = userName;
    this.#password = password;
  }

  /** What .NET's NetworkCredential gives: the user (without a DOMAIN\ part), password, domain. */
  GetNetworkCredential(): PSObject {
    const slash = this.UserName.indexOf('\\');
    const o = PSObject.from([
      ['UserName', slash < 0 ? this.UserName : this.UserName.slice(slash + 1)],
      ['Password', this.#password],
      ['Domain', slash < 0 ? '' : this.UserName.slice(0, slash)],
    ]);
    o.typeNames = ['System.Net.NetworkCredential', 'System.Object'];
    return o;
  }

  /** The password for code that sends it (the web cmdlets' Basic authentication). */
  secret(): string {
    return this.#password;
  }

  toString(): string {
    return this.psTypeName;
  }
}

/** `PSCredential(userName, password)`: both given, the user not empty, as .NET's constructor checks. */
export function newCredential(args: unknown[]): PSCredential {
  if (args.length !== 2) throw argumentCount('PSCredential', args.length);
  const user = args[0] === null || args[0] === undefined ? '' : toStringValue(args[0]);
  if (user === '') throw new PSException('Exception calling ".ctor" with "2" argument(s): "Cannot process argument because the value of argument "userName" is not valid. Change the value of the "userName" argument and run the operation again."', 'System.Management.Automation.MethodInvocationException');
  if (args[1] === null || args[1] === undefined) throw new PSException('Exception calling ".ctor" with "2" argument(s): "Cannot process argument because the value of argument "password" is null. Change the value of argument "password" to a non-null value."', 'System.Management.Automation.MethodInvocationException');
  return new PSCredential(user, toStringValue(args[1]));
}
