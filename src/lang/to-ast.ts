// The one CST → AST visitor: turns Chevrotain's concrete syntax tree (parser.ts) into the AST of
// ast.ts, with a span on every node. Checks that the grammar leaves to it (assignment targets,
// switch options, redirection forms) throw ParseError here.
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as A from './ast.ts';
import { ParseError, type ParseErrorCode } from './errors.ts';
import { expandString, variableFromText, type SubParse } from './expandable-string.ts';
import { MAX_NESTING } from './lexer.ts';
import { parseNumberLiteral } from './number-literal.ts';
import { resolveBinaryOperator } from './operators.ts';
import type { VbrsParser } from './parser.ts';
import type { Source } from './source.ts';
import * as T from './tokens.ts';

type Ctx = Record<string, CstElement[] | undefined>;
type Chain = A.PipelineAst | A.PipelineChainAst;

const toks = (ctx: Ctx, key: string): IToken[] => (ctx[key] ?? []) as IToken[];
const nodes = (ctx: Ctx, key: string): CstNode[] => (ctx[key] ?? []) as CstNode[];
const tok = (ctx: Ctx, key: string): IToken | undefined => ctx[key]?.[0] as IToken | undefined;
const node = (ctx: Ctx, key: string): CstNode | undefined => ctx[key]?.[0] as CstNode | undefined;
const tokSpan = (t: IToken): A.Span => ({ start: t.startOffset, end: t.endOffset! + 1 });
const join = (a: A.Span, b: A.Span): A.Span => ({ start: a.start, end: b.end });

function nodeSpan(n: CstNode, fallback: number): A.Span {
  const loc = n.location;
  if (!loc || Number.isNaN(loc.startOffset)) return { start: fallback, end: fallback };
  return { start: loc.startOffset, end: loc.endOffset! + 1 };
}

const SWITCH_FLAGS: Record<string, keyof A.SwitchAst['flags']> = {
  regex: 'regex', wildcard: 'wildcard', exact: 'exact', casesensitive: 'caseSensitive', file: 'file',
};

/** Builds the visitor class for a parser instance (Chevrotain visitors are tied to one). */
export function createAstBuilder(parser: VbrsParser) {
  const Base = parser.getBaseCstVisitorConstructor();

  class AstBuilder extends Base {
    readonly source: Source;
    readonly subparse: SubParse;
    prefixDepth = 0;

    constructor(source: Source, subparse: SubParse) {
      super();
      this.source = source;
      this.subparse = subparse;
    }

    fail(code: ParseErrorCode, span: A.Span, message: string): never {
      throw new ParseError({ code, span, source: this.source, expected: '', found: '', incomplete: false, message });
    }

    // -----------------------------------------------------------------------------------------
    // Script blocks

    script(ctx: Ctx): A.ScriptBlockAst {
      const block = this.scriptBody(node(ctx, 'scriptBody')!.children as Ctx, 0);
      return block;
    }

    /** `at` is where the body starts, for the spans of empty blocks. */
    scriptBody(ctx: Ctx, at: number): A.ScriptBlockAst {
      const pb = node(ctx, 'paramBlock');
      const param = pb ? (this.visit(pb) as A.ParamBlockAst) : null;
      let begin: A.StatementBlockAst | null = null;
      let process: A.StatementBlockAst | null = null;
      let end: A.StatementBlockAst | null = null;
      const named = nodes(ctx, 'namedBlock');
      for (const nb of named) {
        const c = nb.children as Ctx;
        const body = this.visit(node(c, 'statementBlock')!) as A.StatementBlockAst;
        if (c['Begin']) begin = body;
        else if (c['Process']) process = body;
        else end = body;
      }
      const list = node(ctx, 'statementList');
      if (list) end = this.statementListAt(list, param ? param.span.end : at);
      const first = param?.span ?? begin?.span ?? process?.span ?? end?.span ?? { start: at, end: at };
      const last = end?.span ?? process?.span ?? begin?.span ?? param?.span ?? first;
      return {
        kind: 'ScriptBlock',
        attributes: param ? param.attributes : [],
        paramBlock: param,
        begin,
        process,
        end,
        span: join(first, last),
      };
    }

    paramBlock(ctx: Ctx): A.ParamBlockAst {
      const attributes = nodes(ctx, 'attributeOrType').map((n) => this.attribute(n));
      const parameters = this.parameterListOf(node(ctx, 'parameterList'));
      const start = attributes[0]?.span.start ?? tok(ctx, 'Param')!.startOffset;
      return { kind: 'ParamBlock', attributes, parameters, span: { start, end: tok(ctx, 'RParen')!.endOffset! + 1 } };
    }

    parameterListOf(n: CstNode | undefined): A.ParameterAst[] {
      return n ? (this.visit(n) as A.ParameterAst[]) : [];
    }

    parameterList(ctx: Ctx): A.ParameterAst[] {
      return nodes(ctx, 'parameter').map((n) => this.visit(n) as A.ParameterAst);
    }

    parameter(ctx: Ctx): A.ParameterAst {
      const attributes: A.AttributeAst[] = [];
      let type: A.TypeNameAst | null = null;
      for (const n of nodes(ctx, 'attributeOrType')) {
        const c = n.children as Ctx;
        if (c['LParen']) attributes.push(this.attribute(n));
        else type = this.typeName(tok(c, 'TypeName')!);
      }
      const v = tok(ctx, 'Variable')!;
      const variable = variableFromText(v.image, tokSpan(v));
      const def = node(ctx, 'expression');
      const defaultValue = def ? (this.visit(def) as A.ExpressionAst) : null;
      const first = nodes(ctx, 'attributeOrType')[0];
      const start = first ? nodeSpan(first, v.startOffset).start : v.startOffset;
      return {
        kind: 'Parameter',
        name: variable.name,
        type,
        attributes,
        defaultValue,
        span: { start, end: defaultValue ? defaultValue.span.end : variable.span.end },
      };
    }

    attribute(n: CstNode): A.AttributeAst {
      const c = n.children as Ctx;
      const positional: A.ExpressionAst[] = [];
      const named: A.AttributeAst['named'] = [];
      for (const arg of nodes(c, 'attributeArgument')) {
        const ac = arg.children as Ctx;
        const word = tok(ac, 'GenericToken');
        const value = node(ac, 'expression');
        if (word) {
          const expr = value ? (this.visit(value) as A.ExpressionAst) : null;
          named.push({ name: word.image, value: expr, span: expr ? join(tokSpan(word), expr.span) : tokSpan(word) });
        } else positional.push(this.visit(value!) as A.ExpressionAst);
      }
      return { kind: 'Attribute', name: tok(c, 'TypeName')!.image, positional, named, span: nodeSpan(n, 0) };
    }

    attributeOrType(ctx: Ctx): A.TypeNameAst {
      return this.typeName(tok(ctx, 'TypeName')!);
    }

    attributeArgument(): never {
      throw new Error('attributeArgument is read by attribute()');
    }

    typeName(t: IToken): A.TypeNameAst {
      return { kind: 'TypeName', name: t.image.replace(/\s+/g, ''), span: tokSpan(t) };
    }

    namedBlock(ctx: Ctx): A.StatementBlockAst {
      return this.visit(node(ctx, 'statementBlock')!) as A.StatementBlockAst;
    }

    statementBlock(ctx: Ctx): A.StatementBlockAst {
      const open = tok(ctx, 'LBrace')!;
      const close = tok(ctx, 'RBrace')!;
      const inner = this.statementListAt(node(ctx, 'statementList')!, open.endOffset! + 1);
      return { ...inner, span: { start: open.startOffset, end: close.endOffset! + 1 } };
    }

    statementListAt(n: CstNode, at: number): A.StatementBlockAst {
      const statements = nodes(n.children as Ctx, 'statement').map((s) => this.visit(s) as A.StatementAst);
      const span = statements.length
        ? join(statements[0]!.span, statements[statements.length - 1]!.span)
        : { start: at, end: at };
      return { kind: 'StatementBlock', statements, span };
    }

    statementList(ctx: Ctx): A.StatementBlockAst {
      const statements = nodes(ctx, 'statement').map((s) => this.visit(s) as A.StatementAst);
      const span = statements.length ? join(statements[0]!.span, statements[statements.length - 1]!.span) : { start: 0, end: 0 };
      return { kind: 'StatementBlock', statements, span };
    }

    separator(): never {
      throw new Error('separators carry no AST');
    }

    // -----------------------------------------------------------------------------------------
    // Statements

    statement(ctx: Ctx): A.StatementAst {
      const child = Object.values(ctx)[0]![0] as CstNode;
      return this.visit(child) as A.StatementAst;
    }

    loopStatement(ctx: Ctx): A.StatementAst {
      const label = tok(ctx, 'Label');
      const inner = Object.entries(ctx).find(([k]) => k !== 'Label')![1]![0] as CstNode;
      const stmt = this.visit(inner) as A.SwitchAst | A.ForeachAst | A.ForAst | A.WhileAst | A.DoLoopAst;
      if (!label) return stmt;
      return { ...stmt, label: label.image.slice(1), span: join(tokSpan(label), stmt.span) };
    }

    ifStatement(ctx: Ctx): A.IfAst {
      const conditions = nodes(ctx, 'condition').map((n) => this.visit(n) as Chain);
      const blocks = nodes(ctx, 'statementBlock').map((n) => this.visit(n) as A.StatementBlockAst);
      const clauses = conditions.map((condition, i) => ({ condition, body: blocks[i]! }));
      const elseBody = blocks.length > conditions.length ? blocks[blocks.length - 1]! : null;
      return { kind: 'If', clauses, elseBody, span: join(tokSpan(tok(ctx, 'If')!), blocks[blocks.length - 1]!.span) };
    }

    condition(ctx: Ctx): Chain {
      return this.asChain(this.visit(node(ctx, 'pipelineChain')!) as A.StatementAst);
    }

    /** Conditions and values are pipelines; an assignment there (`if ($x = f)`) is wrapped in
     *  parentheses, which assign and yield the value. */
    asChain(s: A.StatementAst): Chain {
      if (s.kind === 'Pipeline' || s.kind === 'PipelineChain') return s;
      const paren: A.ParenAst = { kind: 'Paren', pipeline: s, span: s.span };
      return {
        kind: 'Pipeline',
        elements: [{ kind: 'CommandExpression', expression: paren, redirections: [], span: s.span }],
        span: s.span,
      };
    }

    switchStatement(ctx: Ctx): A.SwitchAst {
      const flags = { regex: false, wildcard: false, exact: false, caseSensitive: false, file: false };
      for (const p of toks(ctx, 'Parameter')) {
        const flag = SWITCH_FLAGS[p.image.slice(1).toLowerCase()];
        if (!flag) {
          this.fail('VBRS_PARSE_UNEXPECTED_TOKEN', tokSpan(p),
            `unknown switch option '${p.image}': expected -Regex, -Wildcard, -Exact, -CaseSensitive or -File`);
        }
        flags[flag] = true;
      }
      const cond = node(ctx, 'condition');
      let subject: Chain;
      if (cond) subject = this.visit(cond) as Chain;
      else {
        const value = this.visit(node(ctx, 'commandValue')!) as A.ExpressionAst;
        subject = this.asChain({
          kind: 'Pipeline',
          elements: [{ kind: 'CommandExpression', expression: value, redirections: [], span: value.span }],
          span: value.span,
        });
      }
      const clauses: A.SwitchAst['clauses'] = [];
      let defaultBody: A.StatementBlockAst | null = null;
      for (const cl of nodes(ctx, 'switchClause')) {
        const c = cl.children as Ctx;
        const body = this.visit(node(c, 'statementBlock')!) as A.StatementBlockAst;
        if (c['Default']) defaultBody = body;
        else clauses.push({ pattern: this.visit(node(c, 'commandValue')!) as A.ExpressionAst, body, span: nodeSpan(cl, 0) });
      }
      const rbraces = toks(ctx, 'RBrace');
      return {
        kind: 'Switch', label: null, flags, subject, clauses, defaultBody,
        span: join(tokSpan(tok(ctx, 'Switch')!), tokSpan(rbraces[rbraces.length - 1]!)),
      };
    }

    switchClause(): never {
      throw new Error('switchClause is read by switchStatement()');
    }

    foreachStatement(ctx: Ctx): A.ForeachAst {
      const v = tok(ctx, 'Variable')!;
      const body = this.visit(node(ctx, 'statementBlock')!) as A.StatementBlockAst;
      return {
        kind: 'Foreach',
        label: null,
        variable: variableFromText(v.image, tokSpan(v)),
        iterable: this.asChain(this.visit(node(ctx, 'pipelineChain')!) as A.StatementAst),
        body,
        span: join(tokSpan(tok(ctx, 'Foreach')!), body.span),
      };
    }

    forStatement(ctx: Ctx): A.ForAst {
      const part = (key: string) => {
        const n = node(ctx, key);
        return n ? (this.visit(n) as A.StatementAst) : null;
      };
      const test = part('test');
      const body = this.visit(node(ctx, 'statementBlock')!) as A.StatementBlockAst;
      return {
        kind: 'For', label: null, init: part('init'), condition: test ? this.asChain(test) : null, iterator: part('iterator'), body,
        span: join(tokSpan(tok(ctx, 'For')!), body.span),
      };
    }

    whileStatement(ctx: Ctx): A.WhileAst {
      const body = this.visit(node(ctx, 'statementBlock')!) as A.StatementBlockAst;
      return {
        kind: 'While', label: null, condition: this.visit(node(ctx, 'condition')!) as Chain, body,
        span: join(tokSpan(tok(ctx, 'While')!), body.span),
      };
    }

    doStatement(ctx: Ctx): A.DoLoopAst {
      const cond = node(ctx, 'condition')!;
      return {
        kind: 'DoLoop', label: null, until: Boolean(ctx['Until']), condition: this.visit(cond) as Chain,
        body: this.visit(node(ctx, 'statementBlock')!) as A.StatementBlockAst,
        span: join(tokSpan(tok(ctx, 'Do')!), nodeSpan(cond, 0)),
      };
    }

    functionDefinition(ctx: Ctx): A.FunctionDefinitionAst {
      const kw = (tok(ctx, 'Function') ?? tok(ctx, 'Filter'))!;
      const open = tok(ctx, 'LBrace')!;
      const close = tok(ctx, 'RBrace')!;
      const body = this.scriptBody(node(ctx, 'scriptBody')!.children as Ctx, open.endOffset! + 1);
      body.span = { start: open.startOffset, end: close.endOffset! + 1 };
      const lparen = tok(ctx, 'LParen');
      if (lparen) {
        if (body.paramBlock) {
          this.fail('VBRS_PARSE_UNEXPECTED_TOKEN', body.paramBlock.span,
            "a function with parameters in parentheses cannot also have a param() block");
        }
        body.paramBlock = {
          kind: 'ParamBlock', attributes: [], parameters: this.parameterListOf(node(ctx, 'parameterList')),
          span: { start: lparen.startOffset, end: tok(ctx, 'RParen')!.endOffset! + 1 },
        };
        // the block's span includes the parameters it now holds
        body.span = { start: lparen.startOffset, end: body.span.end };
      }
      const isFilter = kw.tokenType === T.Filter;
      if (isFilter && !body.begin && !body.process && body.end) {
        body.process = body.end;
        body.end = null;
      }
      return {
        kind: 'FunctionDefinition', name: tok(ctx, 'GenericToken')!.image, isFilter, body,
        span: join(tokSpan(kw), tokSpan(close)),
      };
    }

    tryStatement(ctx: Ctx): A.TryAst {
      const blocks = nodes(ctx, 'statementBlock').map((n) => this.visit(n) as A.StatementBlockAst);
      const catches = nodes(ctx, 'catchClause').map((n) => this.visit(n) as A.TryAst['catches'][number]);
      const finallyBody = ctx['Finally'] ? blocks[1]! : null;
      if (!catches.length && !finallyBody) {
        const t = tok(ctx, 'Try')!;
        this.fail('VBRS_PARSE_MISSING_STATEMENT', { start: blocks[0]!.span.end, end: blocks[0]!.span.end },
          `missing 'catch' or 'finally' after the try block started at ${this.at(t.startOffset)}`);
      }
      const last = finallyBody?.span ?? catches[catches.length - 1]?.span ?? blocks[0]!.span;
      return { kind: 'Try', body: blocks[0]!, catches, finallyBody, span: join(tokSpan(tok(ctx, 'Try')!), last) };
    }

    at(offset: number): string {
      const { line, col } = this.source.lineCol(offset);
      return `${line}:${col}`;
    }

    catchClause(ctx: Ctx): A.TryAst['catches'][number] {
      const types = nodes(ctx, 'typeReference').map((n) => this.visit(n) as A.TypeNameAst);
      const body = this.visit(node(ctx, 'statementBlock')!) as A.StatementBlockAst;
      return { types, body, span: join(tokSpan(tok(ctx, 'Catch')!), body.span) };
    }

    typeReference(ctx: Ctx): A.TypeNameAst {
      return this.typeName(tok(ctx, 'TypeName')!);
    }

    trapStatement(ctx: Ctx): A.TrapAst {
      const t = node(ctx, 'typeReference');
      const body = this.visit(node(ctx, 'statementBlock')!) as A.StatementBlockAst;
      return {
        kind: 'Trap', type: t ? (this.visit(t) as A.TypeNameAst) : null, body,
        span: join(tokSpan(tok(ctx, 'Trap')!), body.span),
      };
    }

    flowStatement(ctx: Ctx): A.StatementAst {
      const kw = (tok(ctx, 'Break') ?? tok(ctx, 'Continue') ?? tok(ctx, 'Return') ?? tok(ctx, 'Exit') ?? tok(ctx, 'Throw'))!;
      const label = tok(ctx, 'GenericToken');
      if (kw.tokenType === T.Break || kw.tokenType === T.Continue) {
        const kind = kw.tokenType === T.Break ? 'Break' : 'Continue';
        return { kind, label: label?.image ?? null, span: label ? join(tokSpan(kw), tokSpan(label)) : tokSpan(kw) };
      }
      const v = node(ctx, 'pipelineChain');
      const value = v ? this.asChain(this.visit(v) as A.StatementAst) : null;
      const kind = kw.tokenType === T.Return ? 'Return' : kw.tokenType === T.Exit ? 'Exit' : 'Throw';
      return { kind, value, span: value ? join(tokSpan(kw), value.span) : tokSpan(kw) };
    }

    // -----------------------------------------------------------------------------------------
    // Pipelines and commands

    pipelineChain(ctx: Ctx): A.StatementAst {
      const pipelines = nodes(ctx, 'pipeline').map((n) => this.visit(n) as A.StatementAst);
      if (pipelines.length === 1) return pipelines[0]!;
      const ops = [...toks(ctx, 'AndAnd'), ...toks(ctx, 'OrOr')].sort((a, b) => a.startOffset - b.startOffset);
      let left: Chain = this.asChain(pipelines[0]!);
      for (let i = 1; i < pipelines.length; i++) {
        const right = this.asChain(pipelines[i]!);
        const r: A.PipelineAst = right.kind === 'Pipeline' ? right : { kind: 'Pipeline', elements: [], span: right.span };
        left = { kind: 'PipelineChain', operator: ops[i - 1]!.image as '&&' | '||', left, right: r, span: join(left.span, r.span) };
      }
      return left;
    }

    pipeline(ctx: Ctx): A.StatementAst {
      const elements = nodes(ctx, 'pipelineElement').map((n) => this.visit(n) as A.PipelineElementAst);
      const op = tok(ctx, 'Equals') ?? tok(ctx, 'CompoundAssign');
      if (op) {
        const target = elements[0]!;
        if (target.kind !== 'CommandExpression' || target.redirections.length || !isAssignable(target.expression)) {
          this.fail('VBRS_PARSE_BAD_ASSIGNMENT', target.span,
            `the left side of '${op.image}' must be a variable, a property or an index: found ${describe(target)}`);
        }
        const value = this.visit(node(ctx, 'statement')!) as A.StatementAst;
        return {
          kind: 'Assignment', operator: op.image as A.AssignmentOperator, target: target.expression, value,
          span: join(target.span, value.span),
        };
      }
      return { kind: 'Pipeline', elements, span: join(elements[0]!.span, elements[elements.length - 1]!.span) };
    }

    pipelineElement(ctx: Ctx): A.PipelineElementAst {
      const cmd = node(ctx, 'command');
      if (cmd) return this.visit(cmd) as A.CommandAst;
      const expression = this.visit(node(ctx, 'expression')!) as A.ExpressionAst;
      const redirections = nodes(ctx, 'redirection').map((n) => this.visit(n) as A.RedirectionAst);
      const last = redirections[redirections.length - 1];
      return { kind: 'CommandExpression', expression, redirections, span: last ? join(expression.span, last.span) : expression.span };
    }

    command(ctx: Ctx): A.CommandAst {
      const word = tok(ctx, 'GenericToken');
      const inv = tok(ctx, 'Amp') ?? tok(ctx, 'DotSource');
      const name = word ? this.bareWord(word) : (this.visit(node(ctx, 'commandValue')!) as A.ExpressionAst);
      const elements: A.CommandElementAst[] = [];
      const redirections: A.RedirectionAst[] = [];
      for (const n of nodes(ctx, 'commandElement')) {
        const e = this.visit(n) as A.CommandElementAst | A.RedirectionAst;
        if (e.kind === 'Redirection') redirections.push(e);
        else elements.push(e);
      }
      const start = inv ? inv.startOffset : name.span.start;
      const lastNode = nodes(ctx, 'commandElement').at(-1);
      const end = lastNode ? Math.max(name.span.end, nodeSpan(lastNode, name.span.end).end) : name.span.end;
      return {
        kind: 'Command', invocation: inv ? (inv.image as '&' | '.') : null, name, elements, redirections,
        span: { start, end },
      };
    }

    commandElement(ctx: Ctx): A.CommandElementAst | A.RedirectionAst {
      const p = tok(ctx, 'Parameter');
      if (p) return { kind: 'CommandParameter', name: p.image.slice(1), argument: null, span: tokSpan(p) };
      const pc = tok(ctx, 'ParameterColon');
      const arg = node(ctx, 'commandArgument');
      if (pc) {
        const argument = this.visit(arg!) as A.ExpressionAst;
        return { kind: 'CommandParameter', name: pc.image.slice(1, -1), argument, span: join(tokSpan(pc), argument.span) };
      }
      const r = node(ctx, 'redirection');
      if (r) return this.visit(r) as A.RedirectionAst;
      const value = this.visit(arg!) as A.ExpressionAst;
      return { kind: 'CommandArgument', value, span: value.span };
    }

    commandArgument(ctx: Ctx): A.ExpressionAst {
      const values = nodes(ctx, 'commandValue').map((n) => this.visit(n) as A.ExpressionAst);
      if (values.length === 1) return values[0]!;
      return { kind: 'ArrayLiteral', elements: values, span: join(values[0]!.span, values[values.length - 1]!.span) };
    }

    commandValue(ctx: Ctx): A.ExpressionAst {
      const word = tok(ctx, 'GenericToken');
      if (word) return this.bareWord(word);
      const splat = tok(ctx, 'SplatVariable');
      if (splat) return variableFromText(splat.image, tokSpan(splat));
      return this.visit(node(ctx, 'postfixExpression')!) as A.ExpressionAst;
    }

    redirection(ctx: Ctx): A.RedirectionAst {
      const t = tok(ctx, 'Redirection')!;
      const m = /^([1-6*]?)>(>|&([12]))?$/.exec(t.image)!;
      const from = (m[1] || '1') as A.RedirectionAst['from'];
      const targetNode = node(ctx, 'commandValue');
      const target = targetNode ? (this.visit(targetNode) as A.ExpressionAst) : null;
      if (m[3] === '2') this.fail('VBRS_PARSE_UNEXPECTED_TOKEN', tokSpan(t), `'${t.image}' is not supported: only merging into the output stream ('>&1') is`);
      if (!m[3] && !target) {
        const atEnd = this.source.text.slice(t.endOffset! + 1).trim() === '';
        throw new ParseError({
          code: 'VBRS_PARSE_MISSING_EXPRESSION', span: { start: t.endOffset! + 1, end: t.endOffset! + 1 }, source: this.source,
          expected: 'a file name', found: atEnd ? 'end of input' : 'nothing', incomplete: atEnd,
          message: `missing a file name after '${t.image}'`,
        });
      }
      return {
        kind: 'Redirection', from, target, mergeTo: m[3] ? '1' : null, append: m[2] === '>',
        span: target ? join(tokSpan(t), target.span) : tokSpan(t),
      };
    }

    // -----------------------------------------------------------------------------------------
    // Expressions

    expression(ctx: Ctx): A.ExpressionAst {
      const condition = this.visit(node(ctx, 'binaryExpression')!) as A.ExpressionAst;
      const t = node(ctx, 'ifTrue');
      if (!t) return condition;
      const ifTrue = this.visit(t) as A.ExpressionAst;
      const ifFalse = this.visit(node(ctx, 'ifFalse')!) as A.ExpressionAst;
      return { kind: 'Ternary', condition, ifTrue, ifFalse, span: join(condition.span, ifFalse.span) };
    }

    /** Operator precedence over the flat `operand (op operand)*` list, all levels
     *  left-associative; the comma operator collects its operands into one ArrayLiteral. */
    binaryExpression(ctx: Ctx): A.ExpressionAst {
      const operands = nodes(ctx, 'unaryExpression').map((n) => this.visit(n) as A.ExpressionAst);
      if (operands.length === 1) return operands[0]!;
      const ops = toks(ctx, 'BinaryOp');
      const commaArrays = new Set<A.ExpressionAst>();
      const out: A.ExpressionAst[] = [operands[0]!];
      const pending: IToken[] = [];
      const reduce = () => {
        const op = pending.pop()!;
        const right = out.pop()!;
        const left = out.pop()!;
        if (op.tokenType === T.Comma) {
          if (commaArrays.has(left) && left.kind === 'ArrayLiteral') {
            left.elements.push(right);
            left.span = join(left.span, right.span);
            out.push(left);
          } else {
            const arr: A.ArrayLiteralAst = { kind: 'ArrayLiteral', elements: [left, right], span: join(left.span, right.span) };
            commaArrays.add(arr);
            out.push(arr);
          }
          return;
        }
        out.push({ kind: 'Binary', operator: op.image.toLowerCase(), left, right, span: join(left.span, right.span) });
      };
      for (let i = 1; i < operands.length; i++) {
        const op = ops[i - 1]!;
        const p = precedence(op);
        while (pending.length && precedence(pending[pending.length - 1]!) >= p) reduce();
        pending.push(op);
        out.push(operands[i]!);
      }
      while (pending.length) reduce();
      return out[0]!;
    }

    unaryExpression(ctx: Ctx): A.ExpressionAst {
      const postfix = node(ctx, 'postfixExpression');
      if (postfix) return this.visit(postfix) as A.ExpressionAst;
      const op = Object.entries(ctx).find(([k]) => k !== 'unaryExpression')![1]![0] as IToken;
      const operand = this.nested(tokSpan(op), () => this.visit(node(ctx, 'unaryExpression')!) as A.ExpressionAst);
      return { kind: 'Unary', operator: op.image.toLowerCase() as A.UnaryAst['operator'], operand, span: join(tokSpan(op), operand.span) };
    }

    postfixExpression(ctx: Ctx): A.ExpressionAst {
      let target = this.visit(node(ctx, 'primaryExpression')!) as A.ExpressionAst;
      for (const n of nodes(ctx, 'postfixOperator')) target = this.applyPostfix(target, n.children as Ctx, nodeSpan(n, 0));
      return target;
    }

    applyPostfix(target: A.ExpressionAst, c: Ctx, opSpan: A.Span): A.ExpressionAst {
      const span = join(target.span, opSpan);
      if (c['PlusPlus'] || c['MinusMinus']) {
        return { kind: 'Unary', operator: c['PlusPlus'] ? 'post++' : 'post--', operand: target, span };
      }
      const index = tok(c, 'IndexOpen') ?? tok(c, 'NullIndexOpen');
      if (index) {
        const expr = this.visit(nodes(c, 'expression')[0]!) as A.ExpressionAst;
        return { kind: 'Index', target, index: expr, nullConditional: index.tokenType === T.NullIndexOpen, span };
      }
      const member = this.visit(node(c, 'memberName')!) as A.ExpressionAst;
      const isStatic = Boolean(c['ColonColon']);
      const nullConditional = Boolean(c['NullDot']);
      const block = node(c, 'scriptBlockLiteral');
      if (block) return { kind: 'InvokeMember', target, member, arguments: [this.visit(block) as A.ExpressionAst], isStatic, nullConditional, span: join(span, nodeSpan(block, 0)) };
      if (c['InvokeOpen']) {
        const args = nodes(c, 'expression').map((n) => this.visit(n) as A.ExpressionAst);
        return { kind: 'InvokeMember', target, member, arguments: args, isStatic, nullConditional, span };
      }
      return { kind: 'Member', target, member, isStatic, nullConditional, span };
    }

    postfixOperator(): never {
      throw new Error('postfixOperator is read by postfixExpression()');
    }

    memberName(ctx: Ctx): A.ExpressionAst {
      const word = tok(ctx, 'GenericToken');
      if (word) return { kind: 'StringConstant', value: word.image, quote: 'bare', span: tokSpan(word) };
      const v = tok(ctx, 'Variable');
      if (v) return variableFromText(v.image, tokSpan(v));
      const s = tok(ctx, 'StringSingle') ?? tok(ctx, 'StringDouble');
      if (s) return this.stringToken(s);
      return this.visit(node(ctx, 'parenExpression')!) as A.ExpressionAst;
    }

    primaryExpression(ctx: Ctx): A.ExpressionAst {
      const n = Object.values(ctx)[0]![0]!;
      if ('image' in n) {
        const t = n as IToken;
        if (t.tokenType === T.NumberLiteral) return this.number(t);
        if (t.tokenType === T.Variable) return variableFromText(t.image, tokSpan(t));
        return this.stringToken(t);
      }
      return this.visit(n as CstNode) as A.ExpressionAst;
    }

    number(t: IToken): A.NumberAst {
      const v = parseNumberLiteral(t.image);
      if (!v) this.fail('VBRS_PARSE_BAD_NUMBER', tokSpan(t), `bad number literal '${t.image}'`);
      return { kind: 'Number', value: v.value, numberType: v.numberType, text: t.image, span: tokSpan(t) };
    }

    stringToken(t: IToken): A.StringConstantAst | A.ExpandableStringAst {
      const span = tokSpan(t);
      const text = this.source.text;
      if (t.tokenType === T.StringSingle) {
        return { kind: 'StringConstant', value: t.image.slice(1, -1).replace(/''/g, "'"), quote: 'single', span };
      }
      if (t.tokenType === T.StringDouble) {
        return this.expandable(expandString(text, span.start + 1, span.end - 1, 'double', this.subparse), 'double', span);
      }
      // here-strings: content starts on the line after the opener and ends before the newline
      // preceding the closing quote
      const bodyStart = text.indexOf('\n', span.start) + 1;
      let bodyEnd = span.end - 3;
      if (bodyEnd < bodyStart) bodyEnd = bodyStart;
      else if (text[bodyEnd - 1] === '\r') bodyEnd--;
      if (t.tokenType === T.HereStringSingle) {
        return { kind: 'StringConstant', value: text.slice(bodyStart, bodyEnd), quote: 'hereSingle', span };
      }
      return this.expandable(expandString(text, bodyStart, bodyEnd, 'here', this.subparse), 'hereDouble', span);
    }

    expandable(parts: (string | A.ExpressionAst)[], quote: 'double' | 'hereDouble' | 'bare', span: A.Span): A.StringConstantAst | A.ExpandableStringAst {
      if (parts.every((p) => typeof p === 'string')) return { kind: 'StringConstant', value: parts.join(''), quote, span };
      return { kind: 'ExpandableString', parts, quote, span };
    }

    /** A bare word in argument mode; quotes, `$x` and backtick escapes inside it are processed. */
    bareWord(t: IToken): A.StringConstantAst | A.ExpandableStringAst {
      const span = tokSpan(t);
      if (!/[$'"`]/.test(t.image)) return { kind: 'StringConstant', value: t.image, quote: 'bare', span };
      return this.expandable(expandString(this.source.text, span.start, span.end, 'bare', this.subparse), 'bare', span);
    }

    parenExpression(ctx: Ctx): A.ParenAst {
      const pipeline = this.visit(node(ctx, 'pipelineChain')!) as A.StatementAst;
      return { kind: 'Paren', pipeline, span: join(tokSpan(tok(ctx, 'LParen')!), tokSpan(tok(ctx, 'RParen')!)) };
    }

    subExpression(ctx: Ctx): A.SubexpressionAst | A.ArraySubexpressionAst {
      const open = (tok(ctx, 'DollarParen') ?? tok(ctx, 'AtParen'))!;
      const close = tok(ctx, 'RParen')!;
      const body = this.statementListAt(node(ctx, 'statementList')!, open.endOffset! + 1);
      const span = join(tokSpan(open), tokSpan(close));
      return open.tokenType === T.DollarParen ? { kind: 'Subexpression', body, span } : { kind: 'ArraySubexpression', body, span };
    }

    hashLiteral(ctx: Ctx): A.HashtableAst {
      const entries = nodes(ctx, 'hashEntry').map((n) => this.visit(n) as A.HashtableAst['entries'][number]);
      // PowerShell refuses the same constant key twice when it parses the literal.
      const seen = new Set<string>();
      for (const e of entries) {
        if (e.key.kind !== 'StringConstant') continue;
        const k = e.key.value.toLowerCase();
        if (seen.has(k)) this.fail('VBRS_PARSE_DUPLICATE_KEY', e.key.span, `Duplicate keys '${e.key.value}' are not allowed in hash literals.`);
        seen.add(k);
      }
      return { kind: 'Hashtable', entries, span: join(tokSpan(tok(ctx, 'AtBrace')!), tokSpan(tok(ctx, 'RBrace')!)) };
    }

    hashEntry(ctx: Ctx): A.HashtableAst['entries'][number] {
      const word = tok(ctx, 'GenericToken');
      const key: A.ExpressionAst = word
        ? { kind: 'StringConstant', value: word.image, quote: 'bare', span: tokSpan(word) }
        : (this.visit(node(ctx, 'unaryExpression')!) as A.ExpressionAst);
      const value = this.visit(node(ctx, 'statement')!) as A.StatementAst;
      return { key, value, span: join(key.span, value.span) };
    }

    scriptBlockLiteral(ctx: Ctx): A.ScriptBlockExpressionAst {
      const open = tok(ctx, 'LBrace')!;
      const close = tok(ctx, 'RBrace')!;
      const block = this.scriptBody(node(ctx, 'scriptBody')!.children as Ctx, open.endOffset! + 1);
      const span = join(tokSpan(open), tokSpan(close));
      block.span = span;
      return { kind: 'ScriptBlockExpression', block, text: this.source.text.slice(open.endOffset! + 1, close.startOffset), span };
    }

    typeExpression(ctx: Ctx): A.ConvertAst | A.TypeLiteralAst {
      const ref = node(ctx, 'typeReference')!;
      const type = this.visit(ref) as A.TypeNameAst;
      const refSpan = nodeSpan(ref, type.span.start);
      const operandNode = node(ctx, 'unaryExpression');
      if (!operandNode) return { kind: 'TypeLiteral', type, span: refSpan };
      const operand = this.nested(refSpan, () => this.visit(operandNode) as A.ExpressionAst);
      return { kind: 'Convert', type, operand, span: join(refSpan, operand.span) };
    }

    /** Unary operators and casts nest without brackets (`- - - … 1`), so the lexer's bracket
     *  count does not see them; they count here against the same limit. */
    nested<R>(at: A.Span, f: () => R): R {
      if (++this.prefixDepth > MAX_NESTING) {
        this.fail('VBRS_PARSE_TOO_DEEP', at, `nesting too deep (more than ${MAX_NESTING} levels)`);
      }
      try {
        return f();
      } finally {
        this.prefixDepth--;
      }
    }
  }

  return AstBuilder;
}

/** Binding strength of a binary operator token (the table in operators.ts). */
function precedence(op: IToken): number {
  const resolved = resolveBinaryOperator(op.image);
  if (!resolved) throw new Error(`the lexer emitted '${op.image}' as a binary operator, which operators.ts does not list`);
  return resolved.spec.precedence;
}

function isAssignable(e: A.ExpressionAst): boolean {
  switch (e.kind) {
    case 'Variable':
      return !e.splatted;
    case 'Member':
    case 'Index':
      return true;
    case 'Convert':
      return isAssignable(e.operand);
    case 'ArrayLiteral':
      return e.elements.every(isAssignable);
    default:
      return false;
  }
}

function describe(e: A.PipelineElementAst): string {
  if (e.kind === 'Command') return 'a command';
  switch (e.expression.kind) {
    case 'Number': return 'a number';
    case 'StringConstant':
    case 'ExpandableString': return 'a string';
    default: return `an expression (${e.expression.kind})`;
  }
}
