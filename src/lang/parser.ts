// The vbrs grammar as a Chevrotain CstParser: pure grammar, no actions. It consumes the tokens of
// lexer.ts (which already decided argument vs expression mode) and builds a concrete syntax tree;
// to-ast.ts turns that into the AST of ast.ts. Binary operators are read as a flat list and
// to-ast.ts applies their precedence, so one nesting level of `( … )` costs few recursive calls.
import { CstParser, EOF, type IToken, type TokenType } from 'chevrotain';
import { errorMessageProvider } from './parser-errors.ts';
import * as T from './tokens.ts';
import { STATEMENT_END_PARENS } from './lexer.ts';

/** Does this token end a statement the way a block does, so the next may follow without `;`? */
function endsStatement(t: IToken): boolean {
  return t.tokenType === T.RBrace || STATEMENT_END_PARENS.has(t);
}

/** Tokens that can begin an operand, so `[int]` followed by one of them is a cast. */
const OPERAND_START = new Set<TokenType>([
  T.Variable, T.NumberLiteral, T.StringSingle, T.StringDouble, T.HereStringSingle, T.HereStringDouble,
  T.LParen, T.DollarParen, T.AtParen, T.AtBrace, T.LBrace, T.LBracket, T.Minus, T.Plus, T.Exclaim,
  T.NotOp, T.BnotOp, T.SplitJoinOp, T.PlusPlus, T.MinusMinus,
]);

export class VbrsParser extends CstParser {
  /** `validate` runs Chevrotain's grammar checks (ambiguities, left recursion): the tests turn it on;
   *  at run time they only cost start-up, since the grammar does not change after it is tested. */
  constructor({ validate = false }: { validate?: boolean } = {}) {
    super(T.allTokens, { recoveryEnabled: false, maxLookahead: 3, nodeLocationTracking: 'onlyOffset', errorMessageProvider, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  // -------------------------------------------------------------------------------------------
  // Script blocks

  script = this.RULE('script', () => {
    this.SUBRULE(this.scriptBody);
  });

  /** The inside of a script, a function body or a `{ }` literal. */
  scriptBody = this.RULE('scriptBody', () => {
    this.MANY(() => this.SUBRULE(this.separator));
    this.OPTION({ GATE: () => this.paramBlockAhead(), DEF: () => this.SUBRULE(this.paramBlock) });
    this.MANY3(() => this.SUBRULE3(this.separator));
    this.OR([
      {
        GATE: () => isNamedBlockStart(this.LA(1).tokenType) && this.LA(2).tokenType === T.LBrace,
        ALT: () => this.AT_LEAST_ONE(() => {
          this.SUBRULE(this.namedBlock);
          this.MANY2(() => this.SUBRULE2(this.separator));
        }),
      },
      { ALT: () => this.SUBRULE(this.statementList) },
    ]);
  });

  paramBlock = this.RULE('paramBlock', () => {
    this.MANY(() => {
      this.SUBRULE(this.attributeOrType);
      this.MANY2(() => this.CONSUME(T.NewLine));
    });
    this.CONSUME(T.Param);
    this.CONSUME(T.LParen);
    this.OPTION(() => this.SUBRULE(this.parameterList));
    this.CONSUME(T.RParen);
  });

  parameterList = this.RULE('parameterList', () => {
    this.SUBRULE(this.parameter);
    this.MANY(() => {
      this.CONSUME(T.ArgComma);
      this.SUBRULE2(this.parameter);
    });
  });

  parameter = this.RULE('parameter', () => {
    this.MANY(() => this.SUBRULE(this.attributeOrType));
    this.CONSUME(T.Variable);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression);
    });
  });

  /** `[int]` or `[Parameter(Mandatory, Position = 0)]`. */
  attributeOrType = this.RULE('attributeOrType', () => {
    this.CONSUME(T.LBracket);
    this.CONSUME(T.TypeName);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.OPTION2(() => {
        this.SUBRULE(this.attributeArgument);
        this.MANY(() => {
          this.CONSUME(T.ArgComma);
          this.SUBRULE2(this.attributeArgument);
        });
      });
      this.CONSUME(T.RParen);
    });
    this.CONSUME(T.RBracket);
  });

  attributeArgument = this.RULE('attributeArgument', () => {
    this.OR([
      {
        GATE: () => this.LA(1).tokenType === T.GenericToken,
        ALT: () => {
          this.CONSUME(T.GenericToken);
          this.OPTION(() => {
            this.CONSUME(T.Equals);
            this.SUBRULE(this.expression);
          });
        },
      },
      { ALT: () => this.SUBRULE2(this.expression) },
    ]);
  });

  namedBlock = this.RULE('namedBlock', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Begin) }, { ALT: () => this.CONSUME(T.Process) }, { ALT: () => this.CONSUME(T.End) }]);
    this.SUBRULE(this.statementBlock);
  });

  statementBlock = this.RULE('statementBlock', () => {
    this.CONSUME(T.LBrace);
    this.SUBRULE(this.statementList);
    this.CONSUME(T.RBrace);
  });

  statementList = this.RULE('statementList', () => {
    this.MANY(() => this.SUBRULE(this.separator));
    this.OPTION(() => {
      this.SUBRULE(this.statement);
      this.MANY2({
        GATE: () => endsStatement(this.LA(0)) || this.LA(1).tokenType === T.NewLine || this.LA(1).tokenType === T.Semi,
        DEF: () => this.OR([
          {
            ALT: () => {
              this.AT_LEAST_ONE(() => this.SUBRULE2(this.separator));
              this.OPTION2(() => this.SUBRULE2(this.statement));
            },
          },
          // PowerShell's grammar needs no terminator after a statement that ends in a block
          // (`if (…) {…} "next"`, `trap {…} "hello"`, `function f {…} f`) or a do-while condition.
          { GATE: () => endsStatement(this.LA(0)), ALT: () => this.SUBRULE3(this.statement) },
        ]),
      });
    });
  });

  separator = this.RULE('separator', () => {
    this.OR([{ ALT: () => this.CONSUME(T.NewLine) }, { ALT: () => this.CONSUME(T.Semi) }]);
  });

  // -------------------------------------------------------------------------------------------
  // Statements

  statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.ifStatement) },
      { ALT: () => this.SUBRULE(this.loopStatement) },
      { ALT: () => this.SUBRULE(this.functionDefinition) },
      { ALT: () => this.SUBRULE(this.tryStatement) },
      { ALT: () => this.SUBRULE(this.trapStatement) },
      { ALT: () => this.SUBRULE(this.flowStatement) },
      { ALT: () => this.SUBRULE(this.pipelineChain) },
    ]);
  });

  /** Loops and switch, which may carry a `:label`. */
  loopStatement = this.RULE('loopStatement', () => {
    this.OPTION(() => this.CONSUME(T.Label));
    this.OR([
      { ALT: () => this.SUBRULE(this.switchStatement) },
      { ALT: () => this.SUBRULE(this.foreachStatement) },
      { ALT: () => this.SUBRULE(this.forStatement) },
      { ALT: () => this.SUBRULE(this.whileStatement) },
      { ALT: () => this.SUBRULE(this.doStatement) },
    ]);
  });

  ifStatement = this.RULE('ifStatement', () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.condition);
    this.SUBRULE(this.statementBlock);
    this.MANY(() => {
      this.CONSUME(T.ElseIf);
      this.SUBRULE2(this.condition);
      this.SUBRULE2(this.statementBlock);
    });
    this.OPTION(() => {
      this.CONSUME(T.Else);
      this.SUBRULE3(this.statementBlock);
    });
  });

  /** `( pipeline )` after if, elseif, while, until, switch. */
  condition = this.RULE('condition', () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.pipelineChain);
    this.CONSUME(T.RParen);
  });

  switchStatement = this.RULE('switchStatement', () => {
    this.CONSUME(T.Switch);
    this.MANY(() => this.CONSUME(T.Parameter));
    this.OR([
      { ALT: () => this.SUBRULE(this.condition), IGNORE_AMBIGUITIES: true },
      { ALT: () => this.SUBRULE(this.commandValue) },
    ]);
    this.CONSUME(T.LBrace);
    this.MANY2(() => this.SUBRULE(this.separator));
    this.MANY3(() => {
      this.SUBRULE(this.switchClause);
      this.MANY4(() => this.SUBRULE2(this.separator));
    });
    this.CONSUME(T.RBrace);
  });

  switchClause = this.RULE('switchClause', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Default) },
      { ALT: () => this.SUBRULE(this.commandValue) },
    ]);
    this.SUBRULE(this.statementBlock);
  });

  foreachStatement = this.RULE('foreachStatement', () => {
    this.CONSUME(T.Foreach);
    this.CONSUME(T.LParen);
    this.CONSUME(T.Variable);
    this.CONSUME(T.In);
    this.SUBRULE(this.pipelineChain);
    this.CONSUME(T.RParen);
    this.SUBRULE(this.statementBlock);
  });

  forStatement = this.RULE('forStatement', () => {
    this.CONSUME(T.For);
    this.CONSUME(T.LParen);
    // the clauses and their separators may be left off from the end, as in PowerShell: `for () { }`,
    // `for ($i = 0) { }`, `for ($i = 0; $i -lt 3) { }`. Nested so that no two optional clauses meet:
    // flat optional separators made Chevrotain's lookahead analysis take ~20 s at parser build.
    this.OPTION(() => this.SUBRULE(this.pipelineChain, { LABEL: 'init' }));
    this.OPTION4(() => {
      this.CONSUME(T.Semi);
      this.OPTION2(() => this.SUBRULE2(this.pipelineChain, { LABEL: 'test' }));
      this.OPTION5(() => {
        this.CONSUME2(T.Semi);
        this.OPTION3(() => this.SUBRULE3(this.pipelineChain, { LABEL: 'iterator' }));
      });
    });
    this.CONSUME(T.RParen);
    this.SUBRULE(this.statementBlock);
  });

  whileStatement = this.RULE('whileStatement', () => {
    this.CONSUME(T.While);
    this.SUBRULE(this.condition);
    this.SUBRULE(this.statementBlock);
  });

  doStatement = this.RULE('doStatement', () => {
    this.CONSUME(T.Do);
    this.SUBRULE(this.statementBlock);
    this.OR([{ ALT: () => this.CONSUME(T.While) }, { ALT: () => this.CONSUME(T.Until) }]);
    this.SUBRULE(this.condition);
  });

  functionDefinition = this.RULE('functionDefinition', () => {
    this.OR([{ ALT: () => this.CONSUME(T.FunctionKw) }, { ALT: () => this.CONSUME(T.Filter) }]);
    this.CONSUME(T.GenericToken);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.OPTION2(() => this.SUBRULE(this.parameterList));
      this.CONSUME(T.RParen);
    });
    this.CONSUME(T.LBrace);
    this.SUBRULE(this.scriptBody);
    this.CONSUME(T.RBrace);
  });

  tryStatement = this.RULE('tryStatement', () => {
    this.CONSUME(T.Try);
    this.SUBRULE(this.statementBlock);
    this.MANY(() => this.SUBRULE(this.catchClause));
    this.OPTION(() => {
      this.CONSUME(T.Finally);
      this.SUBRULE2(this.statementBlock);
    });
  });

  catchClause = this.RULE('catchClause', () => {
    this.CONSUME(T.Catch);
    this.OPTION(() => {
      this.SUBRULE(this.typeReference);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.typeReference);
      });
    });
    this.SUBRULE(this.statementBlock);
  });

  typeReference = this.RULE('typeReference', () => {
    this.CONSUME(T.LBracket);
    this.CONSUME(T.TypeName);
    this.CONSUME(T.RBracket);
  });

  trapStatement = this.RULE('trapStatement', () => {
    this.CONSUME(T.Trap);
    this.OPTION(() => this.SUBRULE(this.typeReference));
    this.SUBRULE(this.statementBlock);
  });

  /** break, continue (with an optional label), return, exit, throw (with an optional pipeline). */
  flowStatement = this.RULE('flowStatement', () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.Break) }, { ALT: () => this.CONSUME(T.Continue) }]);
          this.OPTION(() => this.CONSUME(T.GenericToken));
        },
      },
      {
        ALT: () => {
          this.OR3([{ ALT: () => this.CONSUME(T.Return) }, { ALT: () => this.CONSUME(T.Exit) }, { ALT: () => this.CONSUME(T.Throw) }]);
          this.OPTION2(() => this.SUBRULE(this.pipelineChain));
        },
      },
    ]);
  });

  // -------------------------------------------------------------------------------------------
  // Pipelines and commands

  /** `a | b && c || d`, or an assignment `target = statement`. */
  pipelineChain = this.RULE('pipelineChain', () => {
    this.SUBRULE(this.pipeline);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.AndAnd) }, { ALT: () => this.CONSUME(T.OrOr) }]);
      this.SUBRULE2(this.pipeline);
    });
  });

  pipeline = this.RULE('pipeline', () => {
    this.SUBRULE(this.pipelineElement);
    this.OPTION(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Equals) }, { ALT: () => this.CONSUME(T.CompoundAssign) }]);
      this.SUBRULE(this.statement);
    });
    this.MANY(() => {
      this.CONSUME(T.Pipe);
      this.SUBRULE2(this.pipelineElement);
    });
  });

  pipelineElement = this.RULE('pipelineElement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.command) },
      {
        ALT: () => {
          this.SUBRULE(this.expression);
          this.MANY(() => this.SUBRULE(this.redirection));
        },
      },
    ]);
  });

  command = this.RULE('command', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.GenericToken) },
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.Amp) }, { ALT: () => this.CONSUME(T.DotSource) }]);
          this.SUBRULE(this.commandValue);
        },
      },
    ]);
    this.MANY(() => this.SUBRULE(this.commandElement));
  });

  commandElement = this.RULE('commandElement', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Parameter) },
      {
        ALT: () => {
          this.CONSUME(T.ParameterColon);
          this.SUBRULE(this.commandArgument);
        },
      },
      { ALT: () => this.SUBRULE(this.redirection) },
      { ALT: () => this.SUBRULE2(this.commandArgument) },
    ]);
  });

  /** One argument: a value, or `a,b,c` (an array). */
  commandArgument = this.RULE('commandArgument', () => {
    this.SUBRULE(this.commandValue);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.commandValue);
    });
  });

  /** A bare word, a splatted variable, or a value with its postfix operators. */
  commandValue = this.RULE('commandValue', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.GenericToken) },
      { ALT: () => this.CONSUME(T.SplatVariable) },
      { ALT: () => this.SUBRULE(this.postfixExpression) },
    ]);
  });

  redirection = this.RULE('redirection', () => {
    this.CONSUME(T.Redirection);
    this.OPTION({
      GATE: () => !this.LA(0).image.includes('&'),
      DEF: () => this.SUBRULE(this.commandValue),
    });
  });

  // -------------------------------------------------------------------------------------------
  // Expressions, lowest precedence first

  /** `a ?? b ? c : d`: a flat run of binary operators (precedence is applied by to-ast.ts, see
   *  BINARY_PRECEDENCE there) and an optional PowerShell 7 ternary. */
  expression = this.RULE('expression', () => {
    this.SUBRULE(this.binaryExpression);
    this.OPTION(() => {
      this.CONSUME(T.Question);
      this.SUBRULE(this.expression, { LABEL: 'ifTrue' });
      this.CONSUME(T.Colon);
      this.SUBRULE2(this.expression, { LABEL: 'ifFalse' });
    });
  });

  binaryExpression = this.RULE('binaryExpression', () => {
    this.SUBRULE(this.unaryExpression);
    this.MANY(() => {
      this.CONSUME(T.BinaryOp);
      this.SUBRULE2(this.unaryExpression);
    });
  });

  unaryExpression = this.RULE('unaryExpression', () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(T.Minus) },
            { ALT: () => this.CONSUME(T.Plus) },
            { ALT: () => this.CONSUME(T.Exclaim) },
            { ALT: () => this.CONSUME(T.NotOp) },
            { ALT: () => this.CONSUME(T.BnotOp) },
            { ALT: () => this.CONSUME(T.SplitJoinOp) },
            { ALT: () => this.CONSUME(T.Comma) },
            { ALT: () => this.CONSUME(T.PlusPlus) },
            { ALT: () => this.CONSUME(T.MinusMinus) },
          ]);
          this.SUBRULE(this.unaryExpression);
        },
      },
      { ALT: () => this.SUBRULE(this.postfixExpression) },
    ]);
  });

  postfixExpression = this.RULE('postfixExpression', () => {
    this.SUBRULE(this.primaryExpression);
    this.MANY(() => this.SUBRULE(this.postfixOperator));
  });

  postfixOperator = this.RULE('postfixOperator', () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.Dot) }, { ALT: () => this.CONSUME(T.ColonColon) }, { ALT: () => this.CONSUME(T.NullDot) }]);
          this.SUBRULE(this.memberName);
          this.OPTION(() => {
            this.OR4([
              {
                ALT: () => {
                  this.CONSUME(T.InvokeOpen);
                  this.OPTION2(() => {
                    this.SUBRULE(this.expression);
                    this.MANY(() => {
                      this.CONSUME(T.ArgComma);
                      this.SUBRULE2(this.expression);
                    });
                  });
                  this.CONSUME(T.RParen);
                },
              },
              // `$list.ForEach{ … }`, `.Where{ … }`: a script block right after the name is the
              // one argument of a method call, as in PowerShell.
              {
                GATE: () => this.LA(1).tokenType === T.LBrace && this.LA(1).startOffset === this.LA(0).endOffset! + 1,
                ALT: () => this.SUBRULE(this.scriptBlockLiteral),
              },
            ]);
          });
        },
      },
      {
        ALT: () => {
          this.OR3([{ ALT: () => this.CONSUME(T.IndexOpen) }, { ALT: () => this.CONSUME(T.NullIndexOpen) }]);
          this.SUBRULE3(this.expression);
          this.CONSUME(T.RBracket);
        },
      },
      { ALT: () => this.CONSUME(T.PlusPlus) },
      { ALT: () => this.CONSUME(T.MinusMinus) },
    ]);
  });

  memberName = this.RULE('memberName', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.GenericToken) },
      { ALT: () => this.CONSUME(T.Variable) },
      { ALT: () => this.CONSUME(T.StringSingle) },
      { ALT: () => this.CONSUME(T.StringDouble) },
      { ALT: () => this.SUBRULE(this.parenExpression) },
    ]);
  });

  primaryExpression = this.RULE('primaryExpression', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.StringSingle) },
      { ALT: () => this.CONSUME(T.StringDouble) },
      { ALT: () => this.CONSUME(T.HereStringSingle) },
      { ALT: () => this.CONSUME(T.HereStringDouble) },
      { ALT: () => this.CONSUME(T.Variable) },
      { ALT: () => this.SUBRULE(this.parenExpression) },
      { ALT: () => this.SUBRULE(this.subExpression) },
      { ALT: () => this.SUBRULE(this.hashLiteral) },
      { ALT: () => this.SUBRULE(this.scriptBlockLiteral) },
      { ALT: () => this.SUBRULE(this.typeExpression) },
    ]);
  });

  parenExpression = this.RULE('parenExpression', () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.pipelineChain);
    this.CONSUME(T.RParen);
  });

  /** `$( … )` and `@( … )`. */
  subExpression = this.RULE('subExpression', () => {
    this.OR([{ ALT: () => this.CONSUME(T.DollarParen) }, { ALT: () => this.CONSUME(T.AtParen) }]);
    this.SUBRULE(this.statementList);
    this.CONSUME(T.RParen);
  });

  hashLiteral = this.RULE('hashLiteral', () => {
    this.CONSUME(T.AtBrace);
    this.MANY(() => this.SUBRULE(this.separator));
    this.OPTION(() => {
      this.SUBRULE(this.hashEntry);
      this.MANY2(() => {
        this.AT_LEAST_ONE(() => this.SUBRULE2(this.separator));
        this.OPTION2(() => this.SUBRULE2(this.hashEntry));
      });
    });
    this.CONSUME(T.RBrace);
  });

  hashEntry = this.RULE('hashEntry', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.GenericToken) },
      { ALT: () => this.SUBRULE(this.unaryExpression) },
    ]);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.statement);
  });

  scriptBlockLiteral = this.RULE('scriptBlockLiteral', () => {
    this.CONSUME(T.LBrace);
    this.SUBRULE(this.scriptBody);
    this.CONSUME(T.RBrace);
  });

  /** `[int]` alone (a type literal) or before an operand (a cast: `[int]$x`). */
  typeExpression = this.RULE('typeExpression', () => {
    this.SUBRULE(this.typeReference);
    this.OPTION({
      GATE: () => OPERAND_START.has(this.LA(1).tokenType),
      DEF: () => this.SUBRULE(this.unaryExpression),
    });
  });

  // -------------------------------------------------------------------------------------------
  // Lookahead helpers for gates

  /** Is a `param(` block ahead, possibly after attributes like `[CmdletBinding()]`? */
  private paramBlockAhead(): boolean {
    let i = 1;
    for (let guard = 0; guard < 100000; guard++) {
      const t: IToken = this.LA(i);
      const type = t.tokenType;
      if (type === T.Param) return true;
      if (type === T.NewLine) {
        i++;
        continue;
      }
      if (type !== T.LBracket) return false;
      let depth = 0;
      for (;;) {
        const u = this.LA(i).tokenType;
        if (u === T.LBracket || u === T.IndexOpen || u === T.NullIndexOpen) depth++;
        else if (u === T.RBracket) depth--;
        else if (u === EOF) return false;
        i++;
        if (depth === 0) break;
      }
    }
    return false;
  }
}

function isNamedBlockStart(t: TokenType): boolean {
  return t === T.Begin || t === T.Process || t === T.End;
}
