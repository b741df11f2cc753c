// Comment-based help for functions: the `<# .SYNOPSIS … .DESCRIPTION … .PARAMETER X … .EXAMPLE … #>`
// block written just before `function` or first thing inside its body. The AST keeps no comments,
// so this reads the source text around the function's span.

export interface CommentHelp {
  synopsis: string;
  description: string;
  parameters: Record<string, string>;
  examples: string[];
}

export function parseCommentHelp(comment: string): CommentHelp | null {
  const help: CommentHelp = { synopsis: '', description: '', parameters: {}, examples: [] };
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

/** Finds the help comment for a function whose definition spans [start, end) in `text`. */
export function findCommentHelp(text: string, start: number, end: number): CommentHelp | null {
  const before = text.slice(0, start).trimEnd();
  if (before.endsWith('#>')) {
    const open = before.lastIndexOf('<#');
    if (open >= 0) {
      const h = parseCommentHelp(before.slice(open + 2, before.length - 2));
      if (h) return h;
    }
  }
  const body = text.slice(start, end);
  const brace = body.indexOf('{');
  if (brace >= 0) {
    const inner = body.slice(brace + 1).trimStart();
    if (inner.startsWith('<#')) {
      const close = inner.indexOf('#>');
      if (close > 0) return parseCommentHelp(inner.slice(2, close));
    }
  }
  return null;
}
