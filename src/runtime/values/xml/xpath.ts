// The XPath 1.0 subset behind `.SelectNodes()` / `.SelectSingleNode()` on `[xml]` nodes: location
// paths (`/a/b`, `//b`, `b/c`, `.`, `..`, `*`, `@attr`, `@*`, `text()`, `node()`, `comment()`, the
// axes child, descendant, descendant-or-self, self, parent, ancestor, attribute, written `axis::`),
// unions with `|`, and predicates: a position (`[2]`, `[last()]`, `[position()<3]`), a test
// (`[@a]`, `[b]`), comparisons `= != < <= > >=` between paths, strings and numbers (`[@a='v']`,
// `[b='x']`), `and`, `or`, `not()`, `contains()`, `starts-with()`, `name()`, `local-name()`,
// `string()`, `count()`, `normalize-space()`. A result is in document order without repeats. Anything
// else is `'expr' has an invalid token.`, as .NET's XPathException says; a prefixed name (`v:tag`)
// needs a namespace manager, which .NET's one-argument SelectNodes does not have either.

/** What the evaluator needs of a node (xml-node.ts's XmlNode has it). */
export interface XPathNode {
  readonly NodeType: string;
  readonly Name: string;
  readonly LocalName: string;
  readonly InnerText: string;
  readonly Attributes: XPathNode[] | null;
  _children: XPathNode[];
  _parent: XPathNode | null;
}

export class XPathError extends Error {}

type Value = XPathNode[] | string | number | boolean;

type Expr =
  | { kind: 'path'; absolute: boolean; steps: Step[] }
  | { kind: 'filter'; expr: Expr; predicates: Expr[]; steps: Step[] }
  | { kind: 'union'; parts: Expr[] }
  | { kind: 'literal'; value: string | number }
  | { kind: 'binary'; op: string; left: Expr; right: Expr }
  | { kind: 'call'; name: string; args: Expr[] };

type Axis = 'child' | 'descendant' | 'descendant-or-self' | 'self' | 'parent' | 'ancestor' | 'attribute';
interface Step {
  axis: Axis;
  test: string; // a name, '*', 'node()', 'text()', 'comment()'
  predicates: Expr[];
}

const AXES = new Set<string>(['child', 'descendant', 'descendant-or-self', 'self', 'parent', 'ancestor', 'attribute']);
const FUNCTIONS = new Set(['last', 'position', 'not', 'contains', 'starts-with', 'name', 'local-name', 'string', 'count', 'normalize-space', 'true', 'false']);

function tokenize(text: string, fail: () => never): string[] {
  const out: string[] = [];
  const re = /\s*(\/\/|\/|\.\.|::|!=|<=|>=|[[\]()@,|=<>*.]|'[^']*'|"[^"]*"|\d+(?:\.\d+)?|[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)/y;
  let p = 0;
  while (p < text.length) {
    if (/^\s*$/.test(text.slice(p))) break;
    re.lastIndex = p;
    const m = re.exec(text);
    if (!m) fail();
    out.push(m[1]!);
    p = re.lastIndex;
  }
  return out;
}

class Parser {
  private readonly tokens: string[];
  private i = 0;
  private readonly fail: () => never;

  constructor(tokens: string[], fail: () => never) {
    this.tokens = tokens;
    this.fail = fail;
  }

  private peek(k = 0): string | undefined {
    return this.tokens[this.i + k];
  }

  private take(expected?: string): string {
    const t = this.tokens[this.i];
    if (t === undefined || (expected !== undefined && t !== expected)) this.fail();
    this.i++;
    return t;
  }

  parseAll(): Expr {
    const e = this.or();
    if (this.i !== this.tokens.length) this.fail();
    return e;
  }

  /** Left-associative binary operators of one precedence level over the next level's operands. */
  private binaryLevel(ops: readonly string[], operand: () => Expr): Expr {
    let e = operand();
    while (ops.includes(this.peek() ?? '')) {
      const op = this.take();
      e = { kind: 'binary', op, left: e, right: operand() };
    }
    return e;
  }

  private or(): Expr {
    return this.binaryLevel(['or'], () => this.and());
  }

  private and(): Expr {
    return this.binaryLevel(['and'], () => this.comparison());
  }

  private comparison(): Expr {
    return this.binaryLevel(['=', '!=', '<', '<=', '>', '>='], () => this.union());
  }

  private union(): Expr {
    const parts = [this.primary()];
    while (this.peek() === '|') {
      this.take();
      parts.push(this.primary());
    }
    return parts.length === 1 ? parts[0]! : { kind: 'union', parts };
  }

  private primary(): Expr {
    const t = this.peek();
    if (t === undefined) this.fail();
    if (t.startsWith("'") || t.startsWith('"')) return { kind: 'literal', value: this.take().slice(1, -1) };
    if (/^\d/.test(t)) return { kind: 'literal', value: Number(this.take()) };
    if (t === '(') {
      this.take();
      const e = this.or();
      this.take(')');
      // `(//disk)[1]/x`: predicates over the whole set, then steps from it
      const predicates = this.predicates();
      const steps = this.moreSteps([]);
      return predicates.length || steps.length ? { kind: 'filter', expr: e, predicates, steps } : e;
    }
    if (/^[A-Za-z_]/.test(t) && this.peek(1) === '(' && FUNCTIONS.has(t)) {
      this.take();
      this.take('(');
      const args: Expr[] = [];
      while (this.peek() !== ')') {
        args.push(this.or());
        if (this.peek() === ',') this.take();
        else break;
      }
      this.take(')');
      return { kind: 'call', name: t, args };
    }
    return this.path();
  }

  private path(): Expr {
    const steps: Step[] = [];
    let absolute = false;
    if (this.peek() === '/' || this.peek() === '//') {
      absolute = true;
      if (this.take() === '//') steps.push({ axis: 'descendant-or-self', test: 'node()', predicates: [] });
      else if (!this.startsStep()) return { kind: 'path', absolute, steps };
    }
    steps.push(this.step());
    return { kind: 'path', absolute, steps: this.moreSteps(steps) };
  }

  /** `/step` and `//step` continuing a path. */
  private moreSteps(steps: Step[]): Step[] {
    while (this.peek() === '/' || this.peek() === '//') {
      if (this.take() === '//') steps.push({ axis: 'descendant-or-self', test: 'node()', predicates: [] });
      steps.push(this.step());
    }
    return steps;
  }

  private predicates(): Expr[] {
    const out: Expr[] = [];
    while (this.peek() === '[') {
      this.take();
      out.push(this.or());
      this.take(']');
    }
    return out;
  }

  private startsStep(): boolean {
    const t = this.peek();
    return t !== undefined && (t === '.' || t === '..' || t === '@' || t === '*' || /^[A-Za-z_]/.test(t));
  }

  private step(): Step {
    const t = this.take();
    if (t === '.') return { axis: 'self', test: 'node()', predicates: [] };
    if (t === '..') return { axis: 'parent', test: 'node()', predicates: [] };
    let axis: Axis = 'child';
    let test = t;
    if (t === '@') {
      axis = 'attribute';
      test = this.take();
    } else if (this.peek() === '::') {
      if (!AXES.has(t)) this.fail();
      this.take();
      axis = t as Axis;
      test = this.take();
    }
    if (test !== '*' && !/^[A-Za-z_]/.test(test)) this.fail();
    // .NET resolves a prefix only through an XmlNamespaceManager, which scripts here cannot pass
    if (test.includes(':')) throw new XPathError('Namespace Manager or XsltContext needed. This query has a prefix, variable, or user-defined function.');
    if (['node', 'text', 'comment'].includes(test) && this.peek() === '(') {
      this.take();
      this.take(')');
      test += '()';
    }
    return { axis, test, predicates: this.predicates() };
  }
}

function children(n: XPathNode): XPathNode[] {
  return n._children;
}

/** `n`'s descendants in document order appended to `out` (a stack, not recursion: depth is free). */
function descendants(n: XPathNode, out: XPathNode[]): XPathNode[] {
  const stack = [...n._children].reverse();
  while (stack.length > 0) {
    const c = stack.pop()!;
    out.push(c);
    for (let i = c._children.length - 1; i >= 0; i--) stack.push(c._children[i]!);
  }
  return out;
}

function axisNodes(n: XPathNode, axis: Axis): XPathNode[] {
  switch (axis) {
    case 'child': return children(n);
    case 'descendant': return descendants(n, []);
    case 'descendant-or-self': return descendants(n, [n]);
    case 'self': return [n];
    case 'parent': return n._parent ? [n._parent] : [];
    case 'ancestor': {
      const out: XPathNode[] = [];
      for (let p = n._parent; p; p = p._parent) out.push(p);
      return out;
    }
    case 'attribute': return n.Attributes ?? [];
  }
}

function matches(n: XPathNode, step: Step): boolean {
  switch (step.test) {
    case 'node()': return true;
    case 'text()': return n.NodeType === 'Text' || n.NodeType === 'CDATA';
    case 'comment()': return n.NodeType === 'Comment';
    case '*': return n.NodeType === (step.axis === 'attribute' ? 'Attribute' : 'Element');
  }
  return n.NodeType === (step.axis === 'attribute' ? 'Attribute' : 'Element') && n.Name === step.test;
}

function root(n: XPathNode): XPathNode {
  while (n._parent) n = n._parent;
  return n;
}

/** Nodes without repeats in document order (attributes right after their element). */
function documentOrder(nodes: XPathNode[]): XPathNode[] {
  if (nodes.length < 2) return nodes;
  const order = new Map<XPathNode, number>();
  const top = root(nodes[0]!);
  for (const n of descendants(top, [top])) {
    order.set(n, order.size);
    for (const a of n.Attributes ?? []) order.set(a, order.size);
  }
  return [...new Set(nodes)].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}

function stringOf(v: Value): string {
  if (Array.isArray(v)) return v.length ? v[0]!.InnerText : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

function numberOf(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const s = stringOf(v).trim();
  return s === '' ? NaN : Number(s);
}

function booleanOf(v: Value): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (typeof v === 'string') return v.length > 0;
  return v;
}

function compareScalars(op: string, a: string | number | boolean, b: string | number | boolean): boolean {
  if (op === '=' || op === '!=') {
    const eq = typeof a === 'boolean' || typeof b === 'boolean' ? booleanOf(a) === booleanOf(b)
      : typeof a === 'number' || typeof b === 'number' ? numberOf(a) === numberOf(b) : a === b;
    return op === '=' ? eq : !eq;
  }
  const x = numberOf(a);
  const y = numberOf(b);
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

/** XPath's comparison: true when some member of a node set compares true. */
function compare(op: string, a: Value, b: Value): boolean {
  const each = (v: Value): (string | number | boolean)[] => (Array.isArray(v) ? v.map((n) => n.InnerText) : [v]);
  return each(a).some((x) => each(b).some((y) => compareScalars(op, x, y)));
}

interface Focus {
  node: XPathNode;
  position: number;
  size: number;
}

function evaluate(e: Expr, f: Focus): Value {
  switch (e.kind) {
    case 'literal': return e.value;
    case 'union': return documentOrder(e.parts.flatMap((p) => {
      const v = evaluate(p, f);
      if (!Array.isArray(v)) throw new XPathError('Expression must evaluate to a node-set.');
      return v;
    }));
    case 'binary': {
      if (e.op === 'or') return booleanOf(evaluate(e.left, f)) || booleanOf(evaluate(e.right, f));
      if (e.op === 'and') return booleanOf(evaluate(e.left, f)) && booleanOf(evaluate(e.right, f));
      return compare(e.op, evaluate(e.left, f), evaluate(e.right, f));
    }
    case 'call': {
      const arg = (i: number) => (e.args[i] ? evaluate(e.args[i]!, f) : [f.node]);
      switch (e.name) {
        case 'last': return f.size;
        case 'position': return f.position;
        case 'true': return true;
        case 'false': return false;
        case 'not': return !booleanOf(arg(0));
        case 'count': { const v = arg(0); return Array.isArray(v) ? v.length : 1; }
        case 'string': return stringOf(arg(0));
        case 'normalize-space': return stringOf(arg(0)).trim().replace(/\s+/g, ' ');
        case 'contains': return stringOf(arg(0)).includes(stringOf(arg(1)));
        case 'starts-with': return stringOf(arg(0)).startsWith(stringOf(arg(1)));
        case 'name': case 'local-name': {
          const v = arg(0);
          const n = Array.isArray(v) ? v[0] : undefined;
          return n === undefined || n.NodeType === 'Document' ? '' : e.name === 'name' ? n.Name : n.LocalName;
        }
      }
      throw new XPathError('unknown function');
    }
    case 'path':
      return applySteps([e.absolute ? root(f.node) : f.node], e.steps);
    case 'filter': {
      const v = evaluate(e.expr, f);
      if (!Array.isArray(v)) throw new XPathError('Expression must evaluate to a node-set.');
      return applySteps(filter(v, e.predicates), e.steps);
    }
  }
}

/** The nodes that pass every predicate, each judged at its position in what the one before kept. */
function filter(nodes: XPathNode[], predicates: Expr[]): XPathNode[] {
  for (const pred of predicates) {
    const all = nodes;
    nodes = all.filter((c, i) => {
      const v = evaluate(pred, { node: c, position: i + 1, size: all.length });
      return typeof v === 'number' ? v === i + 1 : booleanOf(v);
    });
  }
  return nodes;
}

function applySteps(nodes: XPathNode[], steps: Step[]): XPathNode[] {
  for (const step of steps) {
    const next: XPathNode[] = [];
    for (const n of nodes) next.push(...filter(axisNodes(n, step.axis).filter((c) => matches(c, step)), step.predicates));
    nodes = documentOrder(next);
  }
  return nodes;
}

const parsed = new Map<string, Expr>();

/** The nodes `xpath` selects from `context`; throws XPathError for an expression outside the subset. */
export function selectNodes<T extends XPathNode>(context: T, xpath: string): T[] {
  const fail = (): never => {
    throw new XPathError(`'${xpath}' has an invalid token.`);
  };
  let e = parsed.get(xpath);
  if (!e) {
    e = new Parser(tokenize(xpath, fail), fail).parseAll();
    parsed.set(xpath, e);
  }
  const v = evaluate(e, { node: context, position: 1, size: 1 });
  if (!Array.isArray(v)) throw new XPathError('Expression must evaluate to a node-set.');
  return v as T[];
}
