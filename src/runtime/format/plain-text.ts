// Text without the escape sequences PowerShell counts as decoration (ValueStringDecorated.AnsiRegex):
// SGR colour and style codes, `ESC[?<n>h|l` mode switches and OSC 8 hyperlink brackets (the link's
// text stays). What $PSStyle.OutputRendering strips, and what a style setting may hold nothing but.

const DECORATION = /\x1b\[\d*(;\d+)*m|\x1b\[\?\d+[hl]|\x1b\]8;;.*?\x1b\\/g;

export function plainText(text: string): string {
  return text.includes('\x1b') ? text.replace(DECORATION, '') : text;
}
