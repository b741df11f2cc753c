// The one CST → AST visitor: turns Chevrotain's concrete syntax tree (parser.ts) into the AST of
// ast.ts, with a span on every node. Checks that the grammar leaves to it (assignment targets,
// switch options, redirection forms) throw ParseError here.
import type { CstNode, IToken } from 'chevrotain';
import type * as A from './ast.ts';
import type * as C from './cst-nodes.ts';
import { ParseError, type ParseErrorCode } from './errors.ts';
import { expandString, variableFromText, type SubParse } from './expandable-string.ts';
import { MAX_NESTING } from './lexer.ts';
import { parseNumberLiteral } from './number-literal.ts';
import { resolveBinaryOperator, unaryOperators } from './operators.ts';
import type { VbrsParser } from './parser.ts';
import type { Source } from './source.ts';
import * as T from './tokens.ts';

type Chain = A.PipelineAst | A.PipelineChainAst;

/** The first of a rule's children the grammar guarantees (cst-nodes.ts types it as required, or
 *  one of a set of alternatives is always there); a missing one is a bug in this file. */
function one<E>(children: readonly (E | undefined)[] | undefined): E {
  const first = children?.[0];
  if (first === undefined) throw new Error('to-ast.ts: a CST node lacks a child its grammar rule always produces');
  return first;
}

/** The last of a rule's children the grammar guarantees. */
function last<E>(children: readonly E[] | undefined): E {
  return one(children?.slice(-1));
}

/** The offset after a token (the parser tracks offsets, so endOffset is always set). */
const endOf = (t: IToken): number => (t.endOffset ?? t.startOffset + t.image.length - 1) + 1;
const tokSpan = (t: IToken): A.Span => ({ start: t.startOffset, end: endOf(t) });
const join = (a: A.Span, b: A.Span): A.Span => ({ start: a.start, end: b.end });

function nodeSpan(n: CstNode, fallback: number): A.Span {
  const loc = n.location;
  if (!loc || Number.isNaN(loc.startOffset) || loc.endOffset === undefined) return { start: fallback, end: fallback };
  return { start: loc.startOffset, end: loc.endOffset + 1 };
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

    /** Entry for a CST the parser built with its 'script' rule. */
    scriptOf(cst: CstNode): A.ScriptBlockAst {
      if (cst.name !== 'script') throw new Error(`to-ast.ts: expected a script CST, got '${cst.name}'`);
      return this.script((cst as C.ScriptCstNode).children);
    }

    /** Entry for a CST the parser built with its 'statementList' rule (the inside of `$( )`). */
    statementsOf(cst: CstNode, at: number): A.StatementBlockAst {
      if (cst.name !== 'statementList') throw new Error(`to-ast.ts: expected a statementList CST, got '${cst.name}'`);
      return this.statementListAt(cst as C.StatementListCstNode, at);
    }

    // -----------------------------------------------------------------------------------------
    // Script blocks

    script(ctx: C.ScriptCstChildren): A.ScriptBlockAst {
      return this.scriptBody(one(ctx.scriptBody).children, 0);
    }

    /** `at` is where the body starts, for the spans of empty blocks. */
    scriptBody(ctx: C.ScriptBodyCstChildren, at: number): A.ScriptBlockAst {
      const pb = ctx.paramBlock?.[0];
      const param = pb ? this.paramBlock(pb.children) : null;
      let begin: A.StatementBlockAst | null = null;
      let process: A.StatementBlockAst | null = null;
      let end: A.StatementBlockAst | null = null;
      for (const nb of ctx.namedBlock ?? []) {
        const c = nb.children;
        const body = this.statementBlock(one(c.statementBlock).children);
        if (c.Begin) begin = body;
        else if (c.Process) process = body;
        else end = body;
      }
      const list = ctx.statementList?.[0];
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

    paramBlock(ctx: C.ParamBlockCstChildren): A.ParamBlockAst {
      const attributes = (ctx.attributeOrType ?? []).map((n) => this.attribute(n));
      const parameters = this.parameterListOf(ctx.parameterList?.[0]);
      const start = attributes[0]?.span.start ?? one(ctx.Param).startOffset;
      return { kind: 'ParamBlock', attributes, parameters, span: { start, end: endOf(one(ctx.RParen)) } };
    }

    parameterListOf(n: C.ParameterListCstNode | undefined): A.ParameterAst[] {
      return n ? this.parameterList(n.children) : [];
    }

    parameterList(ctx: C.ParameterListCstChildren): A.ParameterAst[] {
      return ctx.parameter.map((n) => this.parameter(n.children));
    }

    parameter(ctx: C.ParameterCstChildren): A.ParameterAst {
      const attributes: A.AttributeAst[] = [];
      let type: A.TypeNameAst | null = null;
      for (const n of ctx.attributeOrType ?? []) {
        const c = n.children;
        if (c.LParen) attributes.push(this.attribute(n));
        else type = this.typeName(one(c.TypeName));
      }
      const v = one(ctx.Variable);
      const variable = variableFromText(v.image, tokSpan(v));
      const def = ctx.expression?.[0];
      const defaultValue = def ? this.expression(def.children) : null;
      const first = ctx.attributeOrType?.[0];
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

    attribute(n: C.AttributeOrTypeCstNode): A.AttributeAst {
      const c = n.children;
      const positional: A.ExpressionAst[] = [];
      const named: A.AttributeAst['named'] = [];
      for (const arg of c.attributeArgument ?? []) {
        const ac = arg.children;
        const word = ac.GenericToken?.[0];
        const value = ac.expression?.[0];
        if (word) {
          const expr = value ? this.expression(value.children) : null;
          named.push({ name: word.image, value: expr, span: expr ? join(tokSpan(word), expr.span) : tokSpan(word) });
        } else positional.push(this.expression(one(ac.expression).children));
      }
      return { kind: 'Attribute', name: one(c.TypeName).image, positional, named, span: nodeSpan(n, 0) };
    }

    attributeOrType(ctx: C.AttributeOrTypeCstChildren): A.TypeNameAst {
      return this.typeName(one(ctx.TypeName));
    }

    attributeArgument(): never {
      throw new Error('attributeArgument is read by attribute()');
    }

    typeName(t: IToken): A.TypeNameAst {
      return { kind: 'TypeName', name: t.image.replace(/\s+/g, ''), span: tokSpan(t) };
    }

    namedBlock(ctx: C.NamedBlockCstChildren): A.StatementBlockAst {
      return this.statementBlock(one(ctx.statementBlock).children);
    }

    statementBlock(ctx: C.StatementBlockCstChildren): A.StatementBlockAst {
      const open = one(ctx.LBrace);
      const close = one(ctx.RBrace);
      const inner = this.statementListAt(one(ctx.statementList), endOf(open));
      return { ...inner, span: { start: open.startOffset, end: endOf(close) } };
    }

    statementListAt(n: C.StatementListCstNode, at: number): A.StatementBlockAst {
      const block = this.statementList(n.children);
      return block.statements.length ? block : { ...block, span: { start: at, end: at } };
    }

    statementList(ctx: C.StatementListCstChildren): A.StatementBlockAst {
      const statements = (ctx.statement ?? []).map((s) => this.statement(s.children));
      const span = statements.length ? join(one(statements).span, last(statements).span) : { start: 0, end: 0 };
      return { kind: 'StatementBlock', statements, span };
    }

    separator(): never {
      throw new Error('separators carry no AST');
    }

    // -----------------------------------------------------------------------------------------
    // Statements

    statement(ctx: C.StatementCstChildren): A.StatementAst {
      if (ctx.pipelineChain) return this.pipelineChain(one(ctx.pipelineChain).children);
      if (ctx.ifStatement) return this.ifStatement(one(ctx.ifStatement).children);
      if (ctx.loopStatement) return this.loopStatement(one(ctx.loopStatement).children);
      if (ctx.functionDefinition) return this.functionDefinition(one(ctx.functionDefinition).children);
      if (ctx.tryStatement) return this.tryStatement(one(ctx.tryStatement).children);
      if (ctx.trapStatement) return this.trapStatement(one(ctx.trapStatement).children);
      return this.flowStatement(one(ctx.flowStatement).children);
    }

    loopStatement(ctx: C.LoopStatementCstChildren): A.StatementAst {
      const label = ctx.Label?.[0];
      const stmt = ctx.switchStatement ? this.switchStatement(one(ctx.switchStatement).children)
        : ctx.foreachStatement ? this.foreachStatement(one(ctx.foreachStatement).children)
        : ctx.forStatement ? this.forStatement(one(ctx.forStatement).children)
        : ctx.whileStatement ? this.whileStatement(one(ctx.whileStatement).children)
        : this.doStatement(one(ctx.doStatement).children);
      if (!label) return stmt;
      return { ...stmt, label: label.image.slice(1), span: join(tokSpan(label), stmt.span) };
    }

    ifStatement(ctx: C.IfStatementCstChildren): A.IfAst {
      const conditions = ctx.condition.map((n) => this.condition(n.children));
      const blocks = ctx.statementBlock.map((n) => this.statementBlock(n.children));
      const clauses = conditions.map((condition, i) => ({ condition, body: one(blocks.slice(i)) }));
      const elseBody = blocks.length > conditions.length ? last(blocks) : null;
      return { kind: 'If', clauses, elseBody, span: join(tokSpan(one(ctx.If)), last(blocks).span) };
    }

    condition(ctx: C.ConditionCstChildren): Chain {
      return this.asChain(this.pipelineChain(one(ctx.pipelineChain).children));
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

    switchStatement(ctx: C.SwitchStatementCstChildren): A.SwitchAst {
      const flags = { regex: false, wildcard: false, exact: false, caseSensitive: false, file: false };
      for (const p of ctx.Parameter ?? []) {
        const flag = SWITCH_FLAGS[p.image.slice(1).toLowerCase()];
        if (!flag) {
          this.fail('VBRS_PARSE_UNEXPECTED_TOKEN', tokSpan(p),
            `unknown switch option '${p.image}': expected -Regex, -Wildcard, -Exact, -CaseSensitive or -File`);
        }
        flags[flag] = true;
      }
      const cond = ctx.condition?.[0];
      let subject: Chain;
      if (cond) subject = this.condition(cond.children);
      else {
        const value = this.commandValue(one(ctx.commandValue).children);
        subject = this.asChain({
          kind: 'Pipeline',
          elements: [{ kind: 'CommandExpression', expression: value, redirections: [], span: value.span }],
          span: value.span,
        });
      }
      const clauses: A.SwitchAst['clauses'] = [];
      let defaultBody: A.StatementBlockAst | null = null;
      for (const cl of ctx.switchClause ?? []) {
        const c = cl.children;
        const body = this.statementBlock(one(c.statementBlock).children);
        if (c.Default) defaultBody = body;
        else clauses.push({ pattern: this.commandValue(one(c.commandValue).children), body, span: nodeSpan(cl, 0) });
      }
      return {
        kind: 'Switch', label: null, flags, subject, clauses, defaultBody,
        span: join(tokSpan(one(ctx.Switch)), tokSpan(last(ctx.RBrace))),
      };
    }

    switchClause(): never {
      throw new Error('switchClause is read by switchStatement()');
    }

    foreachStatement(ctx: C.ForeachStatementCstChildren): A.ForeachAst {
      const v = one(ctx.Variable);
      const body = this.statementBlock(one(ctx.statementBlock).children);
      return {
        kind: 'Foreach',
        label: null,
        variable: variableFromText(v.image, tokSpan(v)),
        iterable: this.asChain(this.pipelineChain(one(ctx.pipelineChain).children)),
        body,
        span: join(tokSpan(one(ctx.Foreach)), body.span),
      };
    }

    forStatement(ctx: C.ForStatementCstChildren): A.ForAst {
      const part = (n: C.PipelineChainCstNode[] | undefined) => (n ? this.pipelineChain(one(n).children) : null);
      const test = part(ctx.test);
      const body = this.statementBlock(one(ctx.statementBlock).children);
      return {
        kind: 'For', label: null, init: part(ctx.init), condition: test ? this.asChain(test) : null, iterator: part(ctx.iterator), body,
        span: join(tokSpan(one(ctx.For)), body.span),
      };
    }

    whileStatement(ctx: C.WhileStatementCstChildren): A.WhileAst {
      const body = this.statementBlock(one(ctx.statementBlock).children);
      return {
        kind: 'While', label: null, condition: this.condition(one(ctx.condition).children), body,
        span: join(tokSpan(one(ctx.While)), body.span),
      };
    }

    doStatement(ctx: C.DoStatementCstChildren): A.DoLoopAst {
      const cond = one(ctx.condition);
      return {
        kind: 'DoLoop', label: null, until: Boolean(ctx.Until), condition: this.condition(cond.children),
        body: this.statementBlock(one(ctx.statementBlock).children),
        span: join(tokSpan(one(ctx.Do)), nodeSpan(cond, 0)),
      };
    }

    functionDefinition(ctx: C.FunctionDefinitionCstChildren): A.FunctionDefinitionAst {
      const kw = one(ctx.Function ?? ctx.Filter);
      const open = one(ctx.LBrace);
      const close = one(ctx.RBrace);
      const body = this.scriptBody(one(ctx.scriptBody).children, endOf(open));
      body.span = { start: open.startOffset, end: endOf(close) };
      const lparen = ctx.LParen?.[0];
      if (lparen) {
        if (body.paramBlock) {
          this.fail('VBRS_PARSE_UNEXPECTED_TOKEN', body.paramBlock.span,
            "a function with parameters in parentheses cannot also have a param() block");
        }
        body.paramBlock = {
          kind: 'ParamBlock', attributes: [], parameters: this.parameterListOf(ctx.parameterList?.[0]),
          span: { start: lparen.startOffset, end: endOf(one(ctx.RParen)) },
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
        kind: 'FunctionDefinition', name: one(ctx.GenericToken).image, isFilter, body,
        span: join(tokSpan(kw), tokSpan(close)),
      };
    }

    tryStatement(ctx: C.TryStatementCstChildren): A.TryAst {
      const [body, finallyBlock] = ctx.statementBlock.map((n) => this.statementBlock(n.children));
      const tryBody = one([body]);
      const catches = (ctx.catchClause ?? []).map((n) => this.catchClause(n.children));
      const finallyBody = ctx.Finally ? one([finallyBlock]) : null;
      if (!catches.length && !finallyBody) {
        const t = one(ctx.Try);
        this.fail('VBRS_PARSE_MISSING_STATEMENT', { start: tryBody.span.end, end: tryBody.span.end },
          `missing 'catch' or 'finally' after the try block started at ${this.at(t.startOffset)}`);
      }
      const end = finallyBody?.span ?? catches.at(-1)?.span ?? tryBody.span;
      return { kind: 'Try', body: tryBody, catches, finallyBody, span: join(tokSpan(one(ctx.Try)), end) };
    }

    at(offset: number): string {
      const { line, col } = this.source.lineCol(offset);
      return `${line}:${col}`;
    }

    catchClause(ctx: C.CatchClauseCstChildren): A.TryAst['catches'][number] {
      const types = (ctx.typeReference ?? []).map((n) => this.typeReference(n.children));
      const body = this.statementBlock(one(ctx.statementBlock).children);
      return { types, body, span: join(tokSpan(one(ctx.Catch)), body.span) };
    }

    typeReference(ctx: C.TypeReferenceCstChildren): A.TypeNameAst {
      return this.typeName(one(ctx.TypeName));
    }

    trapStatement(ctx: C.TrapStatementCstChildren): A.TrapAst {
      const t = ctx.typeReference?.[0];
      const body = this.statementBlock(one(ctx.statementBlock).children);
      return {
        kind: 'Trap', type: t ? this.typeReference(t.children) : null, body,
        span: join(tokSpan(one(ctx.Trap)), body.span),
      };
    }

    flowStatement(ctx: C.FlowStatementCstChildren): A.StatementAst {
      const kw = one(ctx.Break ?? ctx.Continue ?? ctx.Return ?? ctx.Exit ?? ctx.Throw);
      const label = ctx.GenericToken?.[0];
      if (kw.tokenType === T.Break || kw.tokenType === T.Continue) {
        const kind = kw.tokenType === T.Break ? 'Break' : 'Continue';
        return { kind, label: label?.image ?? null, span: label ? join(tokSpan(kw), tokSpan(label)) : tokSpan(kw) };
      }
      const v = ctx.pipelineChain?.[0];
      const value = v ? this.asChain(this.pipelineChain(v.children)) : null;
      const kind = kw.tokenType === T.Return ? 'Return' : kw.tokenType === T.Exit ? 'Exit' : 'Throw';
      return { kind, value, span: value ? join(tokSpan(kw), value.span) : tokSpan(kw) };
    }

    // -----------------------------------------------------------------------------------------
    // Pipelines and commands

    pipelineChain(ctx: C.PipelineChainCstChildren): A.StatementAst {
      const [first, ...rest] = ctx.pipeline.map((n) => this.pipeline(n.children));
      const head = one([first]);
      if (!rest.length) return head;
      const ops = [...(ctx.AndAnd ?? []), ...(ctx.OrOr ?? [])].sort((a, b) => a.startOffset - b.startOffset);
      let left: Chain = this.asChain(head);
      rest.forEach((next, i) => {
        const right = this.asChain(next);
        const r: A.PipelineAst = right.kind === 'Pipeline' ? right : { kind: 'Pipeline', elements: [], span: right.span };
        const operator = one(ops.slice(i)).image === '&&' ? '&&' : '||';
        left = { kind: 'PipelineChain', operator, left, right: r, span: join(left.span, r.span) };
      });
      return left;
    }

    pipeline(ctx: C.PipelineCstChildren): A.StatementAst {
      const elements = ctx.pipelineElement.map((n) => this.pipelineElement(n.children));
      const op = ctx.Equals?.[0] ?? ctx.CompoundAssign?.[0];
      if (op) {
        const target = one(elements);
        if (target.kind !== 'CommandExpression' || target.redirections.length || !isAssignable(target.expression)) {
          this.fail('VBRS_PARSE_BAD_ASSIGNMENT', target.span,
            `the left side of '${op.image}' must be a variable, a property or an index: found ${describe(target)}`);
        }
        const value = this.statement(one(ctx.statement).children);
        return {
          kind: 'Assignment', operator: op.image as A.AssignmentOperator, target: target.expression, value,
          span: join(target.span, value.span),
        };
      }
      return { kind: 'Pipeline', elements, span: join(one(elements).span, last(elements).span) };
    }

    pipelineElement(ctx: C.PipelineElementCstChildren): A.PipelineElementAst {
      const cmd = ctx.command?.[0];
      if (cmd) return this.command(cmd.children);
      const expression = this.expression(one(ctx.expression).children);
      const redirections = (ctx.redirection ?? []).map((n) => this.redirection(n.children));
      const last = redirections[redirections.length - 1];
      return { kind: 'CommandExpression', expression, redirections, span: last ? join(expression.span, last.span) : expression.span };
    }

    command(ctx: C.CommandCstChildren): A.CommandAst {
      const word = ctx.GenericToken?.[0];
      const inv = ctx.Amp?.[0] ?? ctx.DotSource?.[0];
      const name = word ? this.bareWord(word) : this.commandValue(one(ctx.commandValue).children);
      const elements: A.CommandElementAst[] = [];
      const redirections: A.RedirectionAst[] = [];
      for (const n of ctx.commandElement ?? []) {
        const e = this.commandElement(n.children);
        if (e.kind === 'Redirection') redirections.push(e);
        else elements.push(e);
      }
      const start = inv ? inv.startOffset : name.span.start;
      const lastNode = ctx.commandElement?.at(-1);
      const end = lastNode ? Math.max(name.span.end, nodeSpan(lastNode, name.span.end).end) : name.span.end;
      return {
        kind: 'Command', invocation: inv ? (inv.image as '&' | '.') : null, name, elements, redirections,
        span: { start, end },
      };
    }

    commandElement(ctx: C.CommandElementCstChildren): A.CommandElementAst | A.RedirectionAst {
      const p = ctx.Parameter?.[0];
      if (p) return { kind: 'CommandParameter', name: p.image.slice(1), argument: null, span: tokSpan(p) };
      const pc = ctx.ParameterColon?.[0];
      if (pc) {
        const argument = this.commandArgument(one(ctx.commandArgument).children);
        return { kind: 'CommandParameter', name: pc.image.slice(1, -1), argument, span: join(tokSpan(pc), argument.span) };
      }
      const r = ctx.redirection?.[0];
      if (r) return this.redirection(r.children);
      const value = this.commandArgument(one(ctx.commandArgument).children);
      return { kind: 'CommandArgument', value, span: value.span };
    }

    commandArgument(ctx: C.CommandArgumentCstChildren): A.ExpressionAst {
      const values = ctx.commandValue.map((n) => this.commandValue(n.children));
      if (values.length === 1) return one(values);
      return { kind: 'ArrayLiteral', elements: values, span: join(one(values).span, last(values).span) };
    }

    commandValue(ctx: C.CommandValueCstChildren): A.ExpressionAst {
      const word = ctx.GenericToken?.[0];
      if (word) return this.bareWord(word);
      const splat = ctx.SplatVariable?.[0];
      if (splat) return variableFromText(splat.image, tokSpan(splat));
      return this.postfixExpression(one(ctx.postfixExpression).children);
    }

    redirection(ctx: C.RedirectionCstChildren): A.RedirectionAst {
      const t = one(ctx.Redirection);
      const m = /^([1-6*]?)>(>|&([12]))?$/.exec(t.image);
      if (!m) throw new Error(`to-ast.ts: the lexer emitted '${t.image}' as a redirection`);
      const from = (m[1] || '1') as A.RedirectionAst['from'];
      const targetNode = ctx.commandValue?.[0];
      const target = targetNode ? this.commandValue(targetNode.children) : null;
      if (m[3] === '2') this.fail('VBRS_PARSE_UNEXPECTED_TOKEN', tokSpan(t), `'${t.image}' is not supported: only merging into the output stream ('>&1') is`);
      if (!m[3] && !target) {
        const atEnd = this.source.text.slice(endOf(t)).trim() === '';
        throw new ParseError({
          code: 'VBRS_PARSE_MISSING_EXPRESSION', span: { start: endOf(t), end: endOf(t) }, source: this.source,
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

    expression(ctx: C.ExpressionCstChildren): A.ExpressionAst {
      const condition = this.binaryExpression(one(ctx.binaryExpression).children);
      const t = ctx.ifTrue?.[0];
      if (!t) return condition;
      const ifTrue = this.expression(t.children);
      const ifFalse = this.expression(one(ctx.ifFalse).children);
      return { kind: 'Ternary', condition, ifTrue, ifFalse, span: join(condition.span, ifFalse.span) };
    }

    /** Operator precedence over the flat `operand (op operand)*` list, all levels
     *  left-associative; the comma operator collects its operands into one ArrayLiteral. */
    binaryExpression(ctx: C.BinaryExpressionCstChildren): A.ExpressionAst {
      const [first, ...rest] = ctx.unaryExpression.map((n) => this.unaryExpression(n.children));
      const head = one([first]);
      if (!rest.length) return head;
      const ops = ctx.BinaryOp ?? [];
      const commaArrays = new Set<A.ExpressionAst>();
      const out: A.ExpressionAst[] = [head];
      const pending: IToken[] = [];
      const reduce = () => {
        const op = one([pending.pop()]);
        const right = one([out.pop()]);
        const left = one([out.pop()]);
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
      rest.forEach((operand, i) => {
        const op = one(ops.slice(i));
        const p = precedence(op);
        while (pending.length && precedence(last(pending)) >= p) reduce();
        pending.push(op);
        out.push(operand);
      });
      while (pending.length) reduce();
      return one(out);
    }

    unaryExpression(ctx: C.UnaryExpressionCstChildren): A.ExpressionAst {
      const postfix = ctx.postfixExpression?.[0];
      if (postfix) return this.postfixExpression(postfix.children);
      const op = one(ctx.Minus ?? ctx.Plus ?? ctx.Exclaim ?? ctx.NotOp ?? ctx.BnotOp ?? ctx.SplitJoinOp ?? ctx.Comma ?? ctx.PlusPlus ?? ctx.MinusMinus);
      const operand = this.nested(tokSpan(op), () => this.unaryExpression(one(ctx.unaryExpression).children));
      return { kind: 'Unary', operator: unaryOperatorOf(op), operand, span: join(tokSpan(op), operand.span) };
    }

    postfixExpression(ctx: C.PostfixExpressionCstChildren): A.ExpressionAst {
      let target = this.primaryExpression(one(ctx.primaryExpression).children);
      for (const n of ctx.postfixOperator ?? []) target = this.applyPostfix(target, n.children, nodeSpan(n, 0));
      return target;
    }

    applyPostfix(target: A.ExpressionAst, c: C.PostfixOperatorCstChildren, opSpan: A.Span): A.ExpressionAst {
      const span = join(target.span, opSpan);
      if (c.PlusPlus || c.MinusMinus) {
        return { kind: 'Unary', operator: c.PlusPlus ? 'post++' : 'post--', operand: target, span };
      }
      const index = c.IndexOpen?.[0] ?? c.NullIndexOpen?.[0];
      if (index) {
        const expr = this.expression(one(c.expression).children);
        return { kind: 'Index', target, index: expr, nullConditional: index.tokenType === T.NullIndexOpen, span };
      }
      const member = this.memberName(one(c.memberName).children);
      const isStatic = Boolean(c.ColonColon);
      const nullConditional = Boolean(c.NullDot);
      const block = c.scriptBlockLiteral?.[0];
      if (block) return { kind: 'InvokeMember', target, member, arguments: [this.scriptBlockLiteral(block.children)], isStatic, nullConditional, span: join(span, nodeSpan(block, 0)) };
      if (c.InvokeOpen) {
        const args = (c.expression ?? []).map((n) => this.expression(n.children));
        return { kind: 'InvokeMember', target, member, arguments: args, isStatic, nullConditional, span };
      }
      return { kind: 'Member', target, member, isStatic, nullConditional, span };
    }

    postfixOperator(): never {
      throw new Error('postfixOperator is read by postfixExpression()');
    }

    memberName(ctx: C.MemberNameCstChildren): A.ExpressionAst {
      const word = ctx.GenericToken?.[0];
      if (word) return { kind: 'StringConstant', value: word.image, quote: 'bare', span: tokSpan(word) };
      const v = ctx.Variable?.[0];
      if (v) return variableFromText(v.image, tokSpan(v));
      const s = ctx.StringSingle?.[0] ?? ctx.StringDouble?.[0];
      if (s) return this.stringToken(s);
      return this.parenExpression(one(ctx.parenExpression).children);
    }

    primaryExpression(ctx: C.PrimaryExpressionCstChildren): A.ExpressionAst {
      if (ctx.NumberLiteral) return this.number(one(ctx.NumberLiteral));
      if (ctx.Variable) {
        const v = one(ctx.Variable);
        return variableFromText(v.image, tokSpan(v));
      }
      const s = ctx.StringSingle ?? ctx.StringDouble ?? ctx.HereStringSingle ?? ctx.HereStringDouble;
      if (s) return this.stringToken(one(s));
      if (ctx.parenExpression) return this.parenExpression(one(ctx.parenExpression).children);
      if (ctx.subExpression) return this.subExpression(one(ctx.subExpression).children);
      if (ctx.hashLiteral) return this.hashLiteral(one(ctx.hashLiteral).children);
      if (ctx.scriptBlockLiteral) return this.scriptBlockLiteral(one(ctx.scriptBlockLiteral).children);
      return this.typeExpression(one(ctx.typeExpression).children);
    }

    number(t: IToken): A.NumberAst {
      const v = parseNumberLiteral(t.image);
      if (!v) this.fail('VBRS_PARSE_BAD_NUMBER', tokSpan(t), `bad number literal '${t.image}'`);
      return { kind: 'Number', value: v.value, numberType: v.numberType, ...(v.big !== undefined && { big: v.big }), ...(v.scale !== undefined && { scale: v.scale }), text: t.image, span: tokSpan(t) };
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

    parenExpression(ctx: C.ParenExpressionCstChildren): A.ParenAst {
      const pipeline = this.pipelineChain(one(ctx.pipelineChain).children);
      return { kind: 'Paren', pipeline, span: join(tokSpan(one(ctx.LParen)), tokSpan(one(ctx.RParen))) };
    }

    subExpression(ctx: C.SubExpressionCstChildren): A.SubexpressionAst | A.ArraySubexpressionAst {
      const open = one(ctx.DollarParen ?? ctx.AtParen);
      const close = one(ctx.RParen);
      const body = this.statementListAt(one(ctx.statementList), endOf(open));
      const span = join(tokSpan(open), tokSpan(close));
      return open.tokenType === T.DollarParen ? { kind: 'Subexpression', body, span } : { kind: 'ArraySubexpression', body, span };
    }

    hashLiteral(ctx: C.HashLiteralCstChildren): A.HashtableAst {
      const entries = (ctx.hashEntry ?? []).map((n) => this.hashEntry(n.children));
      // PowerShell refuses the same constant key twice when it parses the literal.
      const seen = new Set<string>();
      for (const e of entries) {
        if (e.key.kind !== 'StringConstant') continue;
        const k = e.key.value.toLowerCase();
        if (seen.has(k)) this.fail('VBRS_PARSE_DUPLICATE_KEY', e.key.span, `Duplicate keys '${e.key.value}' are not allowed in hash literals.`);
        seen.add(k);
      }
      return { kind: 'Hashtable', entries, span: join(tokSpan(one(ctx.AtBrace)), tokSpan(one(ctx.RBrace))) };
    }

    hashEntry(ctx: C.HashEntryCstChildren): A.HashtableAst['entries'][number] {
      const word = ctx.GenericToken?.[0];
      const key: A.ExpressionAst = word
        ? { kind: 'StringConstant', value: word.image, quote: 'bare', span: tokSpan(word) }
        : this.unaryExpression(one(ctx.unaryExpression).children);
      const value = this.statement(one(ctx.statement).children);
      return { key, value, span: join(key.span, value.span) };
    }

    scriptBlockLiteral(ctx: C.ScriptBlockLiteralCstChildren): A.ScriptBlockExpressionAst {
      const open = one(ctx.LBrace);
      const close = one(ctx.RBrace);
      const block = this.scriptBody(one(ctx.scriptBody).children, endOf(open));
      const span = join(tokSpan(open), tokSpan(close));
      block.span = span;
      return { kind: 'ScriptBlockExpression', block, text: this.source.text.slice(endOf(open), close.startOffset), span };
    }

    typeExpression(ctx: C.TypeExpressionCstChildren): A.ConvertAst | A.TypeLiteralAst {
      const ref = one(ctx.typeReference);
      const type = this.typeReference(ref.children);
      const refSpan = nodeSpan(ref, type.span.start);
      const operandNode = ctx.unaryExpression?.[0];
      if (!operandNode) return { kind: 'TypeLiteral', type, span: refSpan };
      const operand = this.nested(refSpan, () => this.unaryExpression(operandNode.children));
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

/** The AST name of a prefix operator token (the lexer lower-cases dash operators). */
function unaryOperatorOf(op: IToken): A.UnaryAst['operator'] {
  const name = op.image.toLowerCase();
  if (!Object.hasOwn(unaryOperators, name)) throw new Error(`to-ast.ts: '${op.image}' is not a prefix operator of operators.ts`);
  return name as keyof typeof unaryOperators;
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
