// `$MyInvocation.MyCommand`: the running command as an object (Name, CommandType, Definition) that
// prints as its name, like PowerShell's CommandInfo.

export class CommandInfoValue {
  readonly Name: string;
  readonly CommandType: string;
  readonly Definition: string;
  readonly psTypeName: string;

  constructor(name: string, commandType: string, definition: string) {
    this.Name = name;
    this.CommandType = commandType;
    this.Definition = definition;
    this.psTypeName = `System.Management.Automation.${commandType}Info`;
  }

  toString(): string {
    return this.Name;
  }
}
