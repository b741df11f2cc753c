// `$PSStyle`: PowerShell 7.4's System.Management.Automation.PSStyle as a script sees it — the escape
// sequences for text attributes and colours, FormatHyperlink, the styles of the streams
// (Formatting), of the progress bar (Progress) and of file names (FileInfo), and OutputRendering,
// which decides whether escape sequences reach the output (see `render`). Setters validate as
// PowerShell's do: a style holds escape sequences only, Progress.MaxWidth is at least 18.
import { PSException } from '../error-record.ts';
import { convertTo, toStringValue } from '../values/convert.ts';
import { PSEnumValue } from '../values/ps-enum.ts';
import { plainText } from './plain-text.ts';
import { DEFAULT_PROGRESS_LOOK } from './progress-line.ts';

const RENDERING_TYPE = 'System.Management.Automation.OutputRendering';
const VIEW_TYPE = 'System.Management.Automation.ProgressView';
export type OutputRendering = 'Host' | 'PlainText' | 'Ansi';
export type ProgressView = 'Minimal' | 'Classic';

/** PowerShell's SetValueInvocationException around what a property setter threw. */
function settingError(property: string, message: string): PSException {
  return new PSException(`Exception setting "${property}": "${message}"`, 'System.Management.Automation.SetValueInvocationException');
}

/** PSStyle.ValidateNoContent: a style may hold escape sequences but no printable text. */
function styleValue(property: string, value: unknown): string {
  const text = value === null || value === undefined ? '' : toStringValue(value);
  const content = plainText(text);
  if (content.length > 0) throw settingError(property, `The specified string contains printable content when it should only contain ANSI escape sequences: ${content}`);
  return text;
}

/** A value converted to one of an enum's names, with .NET's error for anything else. */
function enumName<T extends string>(property: string, type: string, names: readonly T[], value: unknown): T {
  const raw = value instanceof PSEnumValue ? value.name : toStringValue(value).trim();
  const byNumber = /^\d+$/.test(raw) ? names[Number(raw)] : undefined;
  const found = byNumber ?? names.find((n) => n.toLowerCase() === raw.toLowerCase());
  if (found) return found;
  throw settingError(property, `Cannot convert value "${toStringValue(value)}" to type "${type}". Error: "Unable to match the identifier name ${toStringValue(value)} to a valid enumerator name. Specify one of the following enumerator names and try again:\n${names.join(', ')}"`);
}

/** A method argument as a byte, with PowerShell's argument conversion error. */
function byteArgument(method: string, parameter: string, value: unknown): number {
  let n: number;
  try {
    n = Number(convertTo(value, 'System.Int32'));
  } catch (e) {
    throw new PSException(`Cannot convert argument "${parameter}", with value: "${toStringValue(value)}", for "${method}" to type "System.Byte": "${(e as Error).message}"`, 'System.Management.Automation.MethodException');
  }
  if (n < 0 || n > 255) {
    throw new PSException(`Cannot convert argument "${parameter}", with value: "${toStringValue(value)}", for "${method}" to type "System.Byte": "Cannot convert value "${toStringValue(value)}" to type "System.Byte". Error: "Value was either too large or too small for an unsigned byte.""`, 'System.Management.Automation.MethodException');
  }
  return n;
}

/** FromRgb(r, g, b) and FromRgb(0xRRGGBB), for the SGR code 38 (foreground) or 48 (background). */
function fromRgb(sgr: 38 | 48, args: unknown[]): string {
  if (args.length === 1) {
    const rgb = Number(convertTo(args[0], 'System.Int32'));
    return `\x1b[${sgr};2;${(rgb >> 16) & 0xff};${(rgb >> 8) & 0xff};${rgb & 0xff}m`;
  }
  if (args.length !== 3) throw new PSException(`Cannot find an overload for "FromRgb" and the argument count: "${args.length}".`, 'System.Management.Automation.MethodException');
  const [r, g, b] = (['red', 'green', 'blue'] as const).map((p, i) => byteArgument('FromRgb', p, args[i]));
  return `\x1b[${sgr};2;${r};${g};${b}m`;
}

/** ConsoleColor's order (Black, DarkBlue, …, White) as indexes into the SGR colours 0-7. */
const CONSOLE_COLOR_SGR = [0, 4, 2, 6, 1, 5, 3, 7];
const CONSOLE_COLORS = ['Black', 'DarkBlue', 'DarkGreen', 'DarkCyan', 'DarkRed', 'DarkMagenta', 'DarkYellow', 'Gray', 'DarkGray', 'Blue', 'Green', 'Cyan', 'Red', 'Magenta', 'Yellow', 'White'] as const;

/** PSStyle.ForegroundColor and PSStyle.BackgroundColor: the 16 colours as getters, FromRgb,
 *  FromConsoleColor. `base` is 30 (foreground) or 40 (background); the bright ones are base + 60. */
class Colors {
  readonly #base: 30 | 40;

  constructor(base: 30 | 40) {
    this.#base = base;
  }

  get Black(): string { return this.#sgr(0); }
  get Red(): string { return this.#sgr(1); }
  get Green(): string { return this.#sgr(2); }
  get Yellow(): string { return this.#sgr(3); }
  get Blue(): string { return this.#sgr(4); }
  get Magenta(): string { return this.#sgr(5); }
  get Cyan(): string { return this.#sgr(6); }
  get White(): string { return this.#sgr(7); }
  get BrightBlack(): string { return this.#sgr(60); }
  get BrightRed(): string { return this.#sgr(61); }
  get BrightGreen(): string { return this.#sgr(62); }
  get BrightYellow(): string { return this.#sgr(63); }
  get BrightBlue(): string { return this.#sgr(64); }
  get BrightMagenta(): string { return this.#sgr(65); }
  get BrightCyan(): string { return this.#sgr(66); }
  get BrightWhite(): string { return this.#sgr(67); }

  FromRgb(...args: unknown[]): string {
    return fromRgb(this.#base === 30 ? 38 : 48, args);
  }

  FromConsoleColor(color: unknown): string {
    const name = enumName('color', 'System.ConsoleColor', CONSOLE_COLORS, color);
    const i = CONSOLE_COLORS.indexOf(name);
    return this.#sgr(CONSOLE_COLOR_SGR[i % 8] + (i >= 8 ? 60 : 0));
  }

  #sgr(offset: number): string {
    return `\x1b[${this.#base + offset}m`;
  }

  toString(): string {
    return `System.Management.Automation.PSStyle+${this.#base === 30 ? 'ForegroundColor' : 'BackgroundColor'}`;
  }
}

export class ForegroundColor extends Colors {
  readonly psTypeName = 'System.Management.Automation.PSStyle+ForegroundColor';

  constructor() {
    super(30);
  }
}

export class BackgroundColor extends Colors {
  readonly psTypeName = 'System.Management.Automation.PSStyle+BackgroundColor';

  constructor() {
    super(40);
  }
}

/** PSStyle.FormattingData: the styles of formatted output and of the streams' messages. */
export class FormattingData {
  readonly psTypeName = 'System.Management.Automation.PSStyle+FormattingData';
  #formatAccent = '\x1b[32;1m';
  #tableHeader = '\x1b[32;1m';
  #customTableHeaderLabel = '\x1b[32;1;3m';
  #errorAccent = '\x1b[36;1m';
  #error = '\x1b[31;1m';
  #warning = '\x1b[33;1m';
  #verbose = '\x1b[33;1m';
  #debug = '\x1b[33;1m';
  #feedbackName = '\x1b[33m';
  #feedbackText = '\x1b[96m';
  #feedbackAction = '\x1b[97m';

  get FormatAccent(): string { return this.#formatAccent; }
  set FormatAccent(v: unknown) { this.#formatAccent = styleValue('FormatAccent', v); }
  get TableHeader(): string { return this.#tableHeader; }
  set TableHeader(v: unknown) { this.#tableHeader = styleValue('TableHeader', v); }
  get CustomTableHeaderLabel(): string { return this.#customTableHeaderLabel; }
  set CustomTableHeaderLabel(v: unknown) { this.#customTableHeaderLabel = styleValue('CustomTableHeaderLabel', v); }
  get ErrorAccent(): string { return this.#errorAccent; }
  set ErrorAccent(v: unknown) { this.#errorAccent = styleValue('ErrorAccent', v); }
  get Error(): string { return this.#error; }
  set Error(v: unknown) { this.#error = styleValue('Error', v); }
  get Warning(): string { return this.#warning; }
  set Warning(v: unknown) { this.#warning = styleValue('Warning', v); }
  get Verbose(): string { return this.#verbose; }
  set Verbose(v: unknown) { this.#verbose = styleValue('Verbose', v); }
  get Debug(): string { return this.#debug; }
  set Debug(v: unknown) { this.#debug = styleValue('Debug', v); }
  get FeedbackName(): string { return this.#feedbackName; }
  set FeedbackName(v: unknown) { this.#feedbackName = styleValue('FeedbackName', v); }
  get FeedbackText(): string { return this.#feedbackText; }
  set FeedbackText(v: unknown) { this.#feedbackText = styleValue('FeedbackText', v); }
  get FeedbackAction(): string { return this.#feedbackAction; }
  set FeedbackAction(v: unknown) { this.#feedbackAction = styleValue('FeedbackAction', v); }

  toString(): string {
    return this.psTypeName;
  }
}

/** PSStyle.ProgressConfiguration: how the progress bar is drawn. */
export class ProgressConfiguration {
  readonly psTypeName = 'System.Management.Automation.PSStyle+ProgressConfiguration';
  #style = DEFAULT_PROGRESS_LOOK.style;
  #maxWidth = DEFAULT_PROGRESS_LOOK.maxWidth;
  #view: ProgressView = 'Minimal';
  #useOSCIndicator = false;

  get Style(): string { return this.#style; }
  set Style(v: unknown) { this.#style = styleValue('Style', v); }
  get MaxWidth(): number { return this.#maxWidth; }
  set MaxWidth(v: unknown) {
    let n: number;
    try {
      n = Number(convertTo(v, 'System.Int32'));
    } catch (e) {
      throw settingError('MaxWidth', (e as Error).message);
    }
    // PowerShell: a narrower bar cannot hold its parts.
    if (n < 18) throw settingError('MaxWidth', "The MaxWidth for the Progress rendering must be at least 18 to render correctly. (Parameter 'MaxWidth')");
    this.#maxWidth = n;
  }
  get View(): PSEnumValue { return new PSEnumValue(VIEW_TYPE, this.#view, this.#view === 'Minimal' ? 0 : 1); }
  set View(v: unknown) { this.#view = enumName('View', VIEW_TYPE, ['Minimal', 'Classic'] as const, v); }
  get UseOSCIndicator(): boolean { return this.#useOSCIndicator; }
  set UseOSCIndicator(v: unknown) { this.#useOSCIndicator = Boolean(convertTo(v, 'System.Boolean')); }

  toString(): string {
    return this.psTypeName;
  }
}

/** PSStyle.FileInfoFormatting: the styles of directory, link and executable names. */
export class FileInfoFormatting {
  readonly psTypeName = 'System.Management.Automation.PSStyle+FileInfoFormatting';
  #directory = '\x1b[44;1m';
  #symbolicLink = '\x1b[36;1m';
  #executable = '\x1b[32;1m';

  get Directory(): string { return this.#directory; }
  set Directory(v: unknown) { this.#directory = styleValue('Directory', v); }
  get SymbolicLink(): string { return this.#symbolicLink; }
  set SymbolicLink(v: unknown) { this.#symbolicLink = styleValue('SymbolicLink', v); }
  get Executable(): string { return this.#executable; }
  set Executable(v: unknown) { this.#executable = styleValue('Executable', v); }

  toString(): string {
    return this.psTypeName;
  }
}

const RENDERINGS = ['Host', 'PlainText', 'Ansi'] as const;

export class PSStyle {
  readonly psTypeName = 'System.Management.Automation.PSStyle';
  #rendering: OutputRendering;
  readonly #formatting = new FormattingData();
  readonly #progress = new ProgressConfiguration();
  readonly #foreground = new ForegroundColor();
  readonly #background = new BackgroundColor();
  readonly #fileInfo = new FileInfoFormatting();

  /** `rendering`: the starting OutputRendering (PlainText when NO_COLOR asks for it). */
  constructor(rendering: OutputRendering = 'Host') {
    this.#rendering = rendering;
  }

  get Reset(): string { return '\x1b[0m'; }
  get BlinkOff(): string { return '\x1b[25m'; }
  get Blink(): string { return '\x1b[5m'; }
  get BoldOff(): string { return '\x1b[22m'; }
  get Bold(): string { return '\x1b[1m'; }
  get DimOff(): string { return '\x1b[22m'; }
  get Dim(): string { return '\x1b[2m'; }
  get Hidden(): string { return '\x1b[8m'; }
  get HiddenOff(): string { return '\x1b[28m'; }
  get Reverse(): string { return '\x1b[7m'; }
  get ReverseOff(): string { return '\x1b[27m'; }
  get ItalicOff(): string { return '\x1b[23m'; }
  get Italic(): string { return '\x1b[3m'; }
  get UnderlineOff(): string { return '\x1b[24m'; }
  get Underline(): string { return '\x1b[4m'; }
  get StrikethroughOff(): string { return '\x1b[29m'; }
  get Strikethrough(): string { return '\x1b[9m'; }
  get OutputRendering(): PSEnumValue { return new PSEnumValue(RENDERING_TYPE, this.#rendering, RENDERINGS.indexOf(this.#rendering)); }
  set OutputRendering(v: unknown) { this.#rendering = enumName('OutputRendering', RENDERING_TYPE, RENDERINGS, v); }
  get Formatting(): FormattingData { return this.#formatting; }
  get Progress(): ProgressConfiguration { return this.#progress; }
  get Foreground(): ForegroundColor { return this.#foreground; }
  get Background(): BackgroundColor { return this.#background; }
  get FileInfo(): FileInfoFormatting { return this.#fileInfo; }

  /** An OSC 8 hyperlink; the link as System.Uri prints it (an absolute one normalised). */
  FormatHyperlink(...args: unknown[]): string {
    if (args.length !== 2) throw new PSException(`Cannot find an overload for "FormatHyperlink" and the argument count: "${args.length}".`, 'System.Management.Automation.MethodException');
    const link = toStringValue(args[1]);
    let uri = link;
    if (URL.canParse(link)) uri = new URL(link).href;
    return `\x1b]8;;${uri}\x1b\\${toStringValue(args[0])}\x1b]8;;\x1b\\`;
  }

  /** `text` as it reaches its destination: PlainText strips the escape sequences, Ansi keeps
   *  them, Host keeps them only for a host that shows colour (a terminal; not a pipe, a file,
   *  Out-String) — PSHostUserInterface.GetOutputString. */
  render(text: string, colorHost: boolean): string {
    const keep = this.#rendering === 'Ansi' || (this.#rendering === 'Host' && colorHost);
    return keep ? text : plainText(text);
  }

  toString(): string {
    return this.psTypeName;
  }
}

/** Text for a file or a string (Out-File, `>`, Out-String): never a colour host, so Host strips
 *  as PlainText does (TextWriterLineOutput). `style` is what `$PSStyle` holds. */
export function textForFile(style: unknown, text: string): string {
  return style instanceof PSStyle ? style.render(text, false) : plainText(text);
}
