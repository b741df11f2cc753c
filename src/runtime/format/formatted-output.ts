// What Format-Table, Format-List and Format-Wide emit: text already laid out. The output writer and
// Out-String print it as is, so `Format-Table | Out-String` and a bare `Format-Table` agree.

export class FormattedOutput {
  readonly psTypeName = 'Microsoft.PowerShell.Commands.Internal.Format.FormatEntryData';
  /** Lines including the blank lines PowerShell writes around the block. */
  readonly lines: string[];

  constructor(lines: string[]) {
    this.lines = lines;
  }

  toString(): string {
    return this.lines.join('\n');
  }
}
