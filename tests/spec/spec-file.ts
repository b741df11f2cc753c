// The spec-file format (Oils-style goldens): many small cases per file, each a `#### name` line,
// its code, then its expected output right under it. tests/spec.test.ts runs them; this file
// only reads and writes the format (README, "Tests", describes it).
//
//   #### a job's VMs
//   (Get-Job -Name Nightly).VMs
//   ## STDOUT:
//   web01
//   db01
//   ## END
//   ## status: 0
//
// Expectations: `## STDOUT:` … `## END` (or one line: `## stdout: text`), the same for `STDERR`,
// and `## status: N`. A case without one expects no output on that stream and status 0. Lines
// before the first `####` are the file's description.

export interface SpecCase {
  name: string;
  /** 1-based line of the `####` line. */
  line: number;
  /** 1-based line of the first code line. */
  codeLine: number;
  code: string;
  stdout: string;
  stderr: string;
  status: number;
}

export interface SpecFile {
  /** The lines before the first case, kept as written. */
  header: string;
  cases: SpecCase[];
}

/** What a case printed and its exit status. */
export interface Outcome {
  stdout: string;
  stderr: string;
  status: number;
}

/** A spec file that does not follow the format: the file, line and what is wrong. */
export class SpecFormatError extends Error {}

const block = /^## (STDOUT|STDERR):\s*$/;
const single = /^## (stdout|stderr): ?(.*)$/;
const status = /^## status: (-?\d+)\s*$/;

export function parseSpec(text: string, file: string): SpecFile {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const fail = (i: number, why: string): never => {
    throw new SpecFormatError(`${file}:${i + 1}: ${why}`);
  };
  let i = 0;
  const header: string[] = [];
  while (i < lines.length && !lines[i]!.startsWith('#### ')) header.push(lines[i++]!);
  const cases: SpecCase[] = [];
  const names = new Set<string>();
  while (i < lines.length) {
    const name = lines[i]!.slice(5).trim();
    if (!name) fail(i, 'a case needs a name after `#### `');
    if (names.has(name)) fail(i, `a second case named '${name}'`);
    names.add(name);
    const c: SpecCase = { name, line: i + 1, codeLine: i + 2, code: '', stdout: '', stderr: '', status: 0 };
    i++;
    const code: string[] = [];
    while (i < lines.length && !lines[i]!.startsWith('## ') && !lines[i]!.startsWith('#### ')) code.push(lines[i++]!);
    while (code.length && code.at(-1)!.trim() === '') code.pop();
    if (!code.length) fail(c.line - 1, `case '${name}' has no code`);
    c.code = code.join('\n') + '\n';
    while (i < lines.length && !lines[i]!.startsWith('#### ')) {
      const l = lines[i]!;
      let m: RegExpExecArray | null;
      if ((m = block.exec(l))) {
        const start = i++;
        const body: string[] = [];
        while (i < lines.length && lines[i] !== '## END') body.push(lines[i++]!);
        if (i === lines.length) fail(start, `'## ${m[1]}:' without a closing '## END'`);
        i++;
        c[m[1] === 'STDOUT' ? 'stdout' : 'stderr'] = body.map((b) => b + '\n').join('');
      } else if ((m = single.exec(l))) {
        c[m[1] === 'stdout' ? 'stdout' : 'stderr'] = m[2] + '\n';
        i++;
      } else if ((m = status.exec(l))) {
        c.status = Number(m[1]);
        i++;
      } else if (l.trim() === '') i++;
      else fail(i, `expected '## STDOUT:', '## STDERR:', '## stdout: …', '## status: N' or the next '#### case', found '${l}'`);
    }
    cases.push(c);
  }
  if (!cases.length) fail(0, 'no cases (a case starts with `#### name`)');
  return { header: header.join('\n'), cases };
}

/** The expectation lines for one stream (`text` ends with a newline): a single plain line
 *  inline, anything else as a block. */
function stream(name: 'stdout' | 'stderr', text: string): string {
  if (!text) return '';
  const body = text.slice(0, -1);
  if (body !== '' && !body.includes('\n') && body === body.trim()) return `## ${name}: ${body}\n`;
  return `## ${name.toUpperCase()}:\n${body}\n## END\n`;
}

/** The file with each case's expectations replaced by `actual` (UPDATE_GOLDEN=1). */
export function writeSpec(spec: SpecFile, actual: Outcome[]): string {
  let out = spec.header ? spec.header + '\n' : '';
  spec.cases.forEach((c, k) => {
    const a = actual[k]!;
    out += `#### ${c.name}\n${c.code}${stream('stdout', a.stdout)}${stream('stderr', a.stderr)}`;
    if (a.status !== 0) out += `## status: ${a.status}\n`;
    if (k < spec.cases.length - 1) out += '\n';
  });
  return out;
}
