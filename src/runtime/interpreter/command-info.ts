// `$MyInvocation.MyCommand`: the running command as an object (Name, CommandType, Definition) that
// prints as its name, like PowerShell's CommandInfo.

export class CommandInfoValue {
  readonly Name: string;
  readonly CommandType: string;
  readonly Definition: string;
  readonly psTypeName: string;
  /** Scripts only: the absolute path (`$MyInvocation.MyCommand.Path`). */
  readonly Path: string | null;
  readonly Source: string;

  constructor(name: string, commandType: string, definition: string, path: string | null = null) {
    this.Name = name;
    this.CommandType = commandType;
    this.Definition = definition;
    this.Path = path;
    this.Source = path ?? '';
    this.psTypeName = `System.Management.Automation.${commandType}Info`;
  }

  toString(): string {
    return this.Name;
  }
}
