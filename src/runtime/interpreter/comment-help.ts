// Comment-based help for functions: the `<# .SYNOPSIS … .DESCRIPTION … .PARAMETER X … .EXAMPLE … #>`
// block (or a run of `#` line comments holding the same keywords) written just before `function`
// with at most one blank line between them, first thing inside its body, or last thing in it, as
// PowerShell's HelpCommentsParser finds it. A parameter without .PARAMETER takes the comment written
// just before it in the param block. The AST keeps no comments, so this reads the source text
// around the function's span.

export interface CommentHelp {
  synopsis: string;
  description: string;
  parameters: Record<string, string>;
  examples: string[];
  inputs: string[];
  outputs: string[];
  notes: string;
  links: string[];
}

export function parseCommentHelp(comment: string): CommentHelp | null {
  const help: CommentHelp = { synopsis: '', description: '', parameters: {}, examples: [], inputs: [], outputs: [], notes: '', links: [] };
  const lines = comment.split(/\r?\n/);
  let section: string | null = null;
  let arg = '';
  let buf: string[] = [];
  let found = false;
  const flush = (): void => {
    if (!section) return;
    const text = dedent(buf).trim();
    if (section === 'synopsis') help.synopsis = text;
    else if (section === 'description') help.description = text;
    else if (section === 'parameter') help.parameters[arg.toLowerCase()] = text;
    else if (section === 'example') help.examples.push(text);
    else if (section === 'inputs') help.inputs.push(text);
    else if (section === 'outputs') help.outputs.push(text);
    else if (section === 'notes') help.notes = text;
    else if (section === 'link') help.links.push(text);
  };
  for (const line of lines) {
    const m = /^\s*\.(\w+)\s*(\S*)\s*$/.exec(line);
    if (m) {
      flush();
      section = m[1]!.toLowerCase();
      arg = m[2] ?? '';
      buf = [];
      found = true;
    } else if (section) buf.push(line);
  }
  flush();
  return found ? help : null;
}

function dedent(lines: string[]): string {
  const indents = lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length);
  const n = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(n)).join('\n');
}

/** The comment block that ends right where `text` ends (trailing blanks aside): a `<# … #>` block or
 *  a run of `#` lines, as the text inside it, with the number of blank lines after it; or null. */
function commentBefore(text: string): { body: string; blankLines: number } | null {
  const trimmed = text.replace(/[ \t]*$/, '');
  const tail = /(?:\r?\n[ \t]*)*$/.exec(trimmed)![0];
  const blankLines = Math.max(0, (tail.match(/\n/g)?.length ?? 0) - 1);
  const before = trimmed.slice(0, trimmed.length - tail.length);
  if (before.endsWith('#>')) {
    const open = before.lastIndexOf('<#');
    return open >= 0 ? { body: before.slice(open + 2, before.length - 2), blankLines } : null;
  }
  const lines = before.split(/\r?\n/);
  const run: string[] = [];
  while (lines.length && /^\s*#(?!>)/.test(lines[lines.length - 1]!)) run.unshift(lines.pop()!.replace(/^\s*#/, ''));
  return run.length ? { body: run.join('\n'), blankLines } : null;
}

/** The comment block that starts `text` (leading blanks aside), as the text inside it; or null. */
function commentAfter(text: string): string | null {
  const t = text.trimStart();
  if (t.startsWith('<#')) {
    const close = t.indexOf('#>');
    return close > 0 ? t.slice(2, close) : null;
  }
  const run: string[] = [];
  for (const line of t.split(/\r?\n/)) {
    if (!/^\s*#/.test(line)) break;
    run.push(line.replace(/^\s*#/, ''));
  }
  return run.length ? run.join('\n') : null;
}

/** Finds the help comment for a function whose definition spans [start, end) in `text`. */
export function findCommentHelp(text: string, start: number, end: number): CommentHelp | null {
  // Before `function`: no more than one blank line between (PowerShell's comment block proximity).
  const before = commentBefore(text.slice(0, start));
  if (before && before.blankLines <= 1) {
    const h = parseCommentHelp(before.body);
    if (h) return h;
  }
  const body = text.slice(start, end);
  const brace = body.indexOf('{');
  const close = body.lastIndexOf('}');
  if (brace < 0 || close <= brace) return null;
  const first = commentAfter(body.slice(brace + 1, close));
  const firstHelp = first === null ? null : parseCommentHelp(first);
  if (firstHelp) return firstHelp;
  const last = commentBefore(body.slice(brace + 1, close).trimEnd());
  return last ? parseCommentHelp(last.body) : null;
}

/** The comment written just before a parameter (at `offset` in `text`) in a param block, if any. */
export function parameterComment(text: string, offset: number): string | null {
  const c = commentBefore(text.slice(0, offset));
  if (!c || c.blankLines > 0) return null;
  const t = dedent(c.body.split('\n')).trim();
  return t && !/^\s*\./.test(t) ? t : null;
}
