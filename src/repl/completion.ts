// Tab completion: from the lexer's tokens up to the cursor, decide what is being typed (a command
// name, a parameter of the command under the cursor, a variable, a parameter's value, a path) and
// list the candidates. What exists (commands, parameters, variables, catalog objects, files) is
// asked of a CompletionSource, so this logic is tested with a fake and the REPL plugs in the shell.
import { tokenize, type HighlightToken } from '../lang/index.ts';
import type { CompletionKind } from '../runtime/completion-kind.ts';

export interface ParameterInfo {
  name: string;
  type: string;
  aliases?: string[];
  validateSet?: string[];
  position?: number;
  /** The kind of object whose names complete the value (declared by the parameter). */
  completion?: CompletionKind;
}

export interface CompletionSource {
  /** Cmdlet, alias and function names. */
  commands(): string[];
  /** Parameters of a command (resolving aliases), or null when unknown. */
  parameters(command: string): ParameterInfo[] | null;
  /** Variable names without `$`. */
  variables(): string[];
  /** Members of the value of `expression` (a variable with property accesses, e.g. `$vm.Disks`). */
  members(expression: string): Promise<{ name: string; method: boolean }[]>;
  /** Names of catalog objects of a kind (may open the engine). */
  objectNames(kind: CompletionKind): Promise<string[]>;
  /** Entries of a directory: name and whether it is a directory. */
  listDirectory(dir: string): { name: string; directory: boolean }[];
  cwd(): string;
}

export interface Completion {
  /** The range of the input the candidates replace. */
  start: number;
  end: number;
  /** Full replacement texts, sorted, no duplicates. */
  candidates: string[];
  kind: 'command' | 'parameter' | 'variable' | 'member' | 'value' | 'path' | 'none';
}

const noCompletion = (at: number): Completion => ({ start: at, end: at, candidates: [], kind: 'none' });

/** Tokens that end a command, so the next word is a command name. */
const commandBoundary = new Set(['Pipe', 'Semi', 'LBrace', 'LParen', 'DollarParen', 'AtParen', 'AndAnd', 'OrOr', 'Amp']);

const commandNameTakers = new Set(['get-help', 'help', 'man', 'get-command', 'gcm']);

/** Compared without an opening quote, so `'win app'` sorts and matches as `win app`. */
const bare = (v: string): string => v.replace(/^['"]/, '').toLowerCase();
const byName = (a: string, b: string): number => bare(a).localeCompare(bare(b));

function matching(values: Iterable<string>, prefix: string): string[] {
  const p = prefix.startsWith('$') ? prefix.toLowerCase() : bare(prefix);
  const seen = new Map<string, string>();
  for (const v of values) {
    const key = v.startsWith('$') ? v.toLowerCase() : bare(v);
    if (key.startsWith(p) && !seen.has(key)) seen.set(key, v);
  }
  return [...seen.values()].sort(byName);
}

/** Quotes a value that would not survive as a bare command argument. */
function quoteIfNeeded(v: string): string {
  return /^[\w.\-/:\\~+]+$/.test(v) ? v : `'${v.replace(/'/g, "''")}'`;
}

export async function complete(text: string, cursor: number, source: CompletionSource): Promise<Completion> {
  const before = text.slice(0, cursor);
  const tokens = tokenize(before);
  const last = tokens[tokens.length - 1];
  // The word under the cursor: the last token when it touches the cursor, else an empty word.
  // (Right after a comma, pipe or bracket the word is empty: `-VM a,<Tab>`, `Get-VM|<Tab>`.)
  const touching = last && last.end === cursor && !/\s/.test(before[cursor - 1] ?? '');
  const word: HighlightToken | null = touching && last.category !== 'operator' && last.category !== 'punctuation' ? last : null;
  const start = word ? word.start : cursor;
  const wordText = before.slice(start);
  const previous = word ? tokens[tokens.length - 2] : last;
  const result = (candidates: string[], kind: Completion['kind']): Completion =>
    candidates.length ? { start, end: cursor, candidates, kind } : noCompletion(cursor);

  // `$vm.Na` or `$s.Log.Cou`: members of what the variable holds now, as PowerShell does.
  const member = /(\$[\w:]+(?:\.\w+)*)\.(\w*)$/.exec(before);
  if (member) {
    const [, expression, prefix] = member as unknown as [string, string, string];
    const names = (await source.members(expression)).map((m) => (m.method ? m.name + '(' : m.name));
    const from = cursor - prefix.length;
    const found = matching(names, prefix);
    return found.length ? { start: from, end: cursor, candidates: found, kind: 'member' } : noCompletion(cursor);
  }
  if (wordText.startsWith('$')) {
    const scope = /^\$(\w+:)?/.exec(wordText)![1] ?? '';
    const names = source.variables().map((v) => '$' + scope + v);
    return result(matching(names, wordText), 'variable');
  }
  if (word?.category === 'string' && !/^['"]/.test(wordText)) return noCompletion(cursor);

  // Which command are we in? Walk back to the statement's start.
  const upTo = word ? tokens.length - 1 : tokens.length;
  let commandIndex = -1;
  for (let i = upTo - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (commandBoundary.has(t.type)) break;
    if (t.category === 'command') {
      commandIndex = i;
      break;
    }
  }
  const atCommandPosition = commandIndex < 0 && (!previous || commandBoundary.has(previous.type));
  if (word?.category === 'command' || (atCommandPosition && (!word || word.category === 'text'))) {
    return result(matching(source.commands(), wordText), 'command');
  }
  if (commandIndex < 0) return pathCompletion(wordText, start, cursor, source);

  const commandName = before.slice(tokens[commandIndex]!.start, tokens[commandIndex]!.end);
  const parameters = source.parameters(commandName) ?? [];
  if (wordText.startsWith('-')) {
    const names = parameters.map((p) => '-' + p.name);
    return result(matching(names, wordText), 'parameter');
  }
  // A value for the parameter before it, also after commas: `-VM web01, db01, <Tab>`.
  let paramIndex = tokens.indexOf(previous!);
  while (paramIndex >= 2 && tokens[paramIndex]!.type === 'Comma' && ['text', 'string', 'number'].includes(tokens[paramIndex - 1]!.category)) paramIndex -= 2;
  const paramToken = paramIndex >= 0 ? tokens[paramIndex] : undefined;
  if (paramToken?.category === 'parameter') {
    const pname = before.slice(paramToken.start + 1, paramToken.end).replace(/:$/, '').toLowerCase();
    const param = parameters.find((p) => p.name.toLowerCase() === pname || p.aliases?.some((a) => a.toLowerCase() === pname));
    if (param?.type === 'switch') return pathCompletion(wordText, start, cursor, source);
    if (param?.validateSet?.length) return result(matching(param.validateSet, wordText), 'value');
    const kind = param?.completion;
    if (kind) {
      const names = (await source.objectNames(kind)).map(quoteIfNeeded);
      return result(matching(names, wordText), 'value');
    }
  }
  // Commands that take a command name: `Get-Help Start-J`, `Get-Command *-Job`.
  if (commandNameTakers.has(commandName.toLowerCase()) && (previous === tokens[commandIndex] || previous?.category === 'parameter' && /^-name$/i.test(before.slice(previous.start, previous.end)))) {
    return result(matching(source.commands(), wordText), 'command');
  }
  // The first positional argument: the names its parameter declares (`Start-Job Nig<Tab>`).
  if (previous === tokens[commandIndex]) {
    const first = parameters.find((p) => p.position === 0);
    if (first?.validateSet?.length) {
      const values = matching(first.validateSet, wordText);
      if (values.length) return result(values, 'value');
    }
    const kind = first?.completion;
    if (kind) {
      const names = matching((await source.objectNames(kind)).map(quoteIfNeeded), wordText);
      if (names.length) return result(names, 'value');
    }
  }
  return pathCompletion(wordText, start, cursor, source);
}

function pathCompletion(word: string, start: number, end: number, source: CompletionSource): Completion {
  const quote = /^['"]/.test(word) ? word[0]! : '';
  const raw = word.slice(quote.length);
  const slash = Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\'));
  const dirPart = slash >= 0 ? raw.slice(0, slash + 1) : '';
  const namePart = raw.slice(slash + 1);
  const home = process.env.HOME ?? '';
  const expanded = dirPart.startsWith('~') && home ? home + dirPart.slice(1) : dirPart;
  const dir = expanded === '' ? source.cwd() : /^([a-zA-Z]:)?[\\/]/.test(expanded) ? expanded : source.cwd() + '/' + expanded;
  let entries: { name: string; directory: boolean }[];
  try {
    entries = source.listDirectory(dir);
  } catch {
    return noCompletion(end);
  }
  const showHidden = namePart.startsWith('.');
  const candidates = entries
    .filter((e) => (showHidden || !e.name.startsWith('.')) && e.name.toLowerCase().startsWith(namePart.toLowerCase()))
    .sort((a, b) => byName(a.name, b.name))
    .map((e) => {
      const path = dirPart + e.name + (e.directory ? '/' : '');
      if (quote) return quote + path + (e.directory ? '' : quote);
      return /[\s'"`$;|&(){}]/.test(path) ? `'${path.replace(/'/g, "''")}${e.directory ? '' : "'"}` : path;
    });
  return candidates.length ? { start, end, candidates, kind: 'path' } : noCompletion(end);
}

/** Longest prefix shared by all candidates (case-insensitive compare, first candidate's casing). */
export function commonPrefix(candidates: readonly string[]): string {
  if (!candidates.length) return '';
  let prefix = candidates[0]!;
  for (const c of candidates.slice(1)) {
    let i = 0;
    while (i < prefix.length && i < c.length && prefix[i]!.toLowerCase() === c[i]!.toLowerCase()) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}
