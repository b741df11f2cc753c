// Turns a script block's `[CmdletBinding()]` and `param(…)` block into the binder's ParameterDef
// list, so functions and built-in cmdlets share one binder. Attribute arguments are constants in
// practice (`Mandatory`, `Position = 0`, `'a','b'`), so they are evaluated here without the
// interpreter; default values stay as AST and are evaluated in the function's scope at call time.
import type { AttributeAst, ExpressionAst, ParameterAst, ScriptBlockAst, ScriptBlockExpressionAst, TypeNameAst } from '../../lang/ast.ts';
import { unknownPart } from '../values/known-types.ts';
import type { ParameterDef } from '../cmdlet.ts';

export interface ScriptParams {
  params: ParameterDef[];
  /** Default values by parameter name, evaluated when the parameter is not bound. */
  defaults: Map<string, ExpressionAst>;
  /** `[ValidateScript({ … })]` by parameter name: run with `$_` as each bound value. */
  validateScripts: Map<string, ScriptBlockExpressionAst>;
  /** The first parameter type that names no known type (`[foo]$p`): invoking the command fails. */
  unknownType: TypeNameAst | null;
  /** `[CmdletBinding()]` or any `[Parameter()]`: common parameters, no `$args`. */
  advanced: boolean;
  supportsShouldProcess: boolean;
  defaultParameterSet?: string;
}

const cache = new WeakMap<ScriptBlockAst, ScriptParams>();

export function scriptParams(block: ScriptBlockAst): ScriptParams {
  let sp = cache.get(block);
  if (!sp) {
    sp = build(block);
    cache.set(block, sp);
  }
  return sp;
}

function constant(e: ExpressionAst | null): unknown {
  if (e === null) return true;
  switch (e.kind) {
    case 'Number':
      return e.value;
    case 'StringConstant':
      return e.value;
    case 'Variable': {
      const n = e.name.toLowerCase();
      return n === 'true' ? true : n === 'false' ? false : null;
    }
    case 'ArrayLiteral':
      return e.elements.map(constant);
    case 'Paren':
      return e.pipeline.kind === 'Pipeline' && e.pipeline.elements.length === 1 && e.pipeline.elements[0]!.kind === 'CommandExpression'
        ? constant(e.pipeline.elements[0]!.expression)
        : null;
    case 'Unary':
      return e.operator === '-' ? -Number(constant(e.operand)) : constant(e.operand);
    default:
      return null;
  }
}

function named(a: AttributeAst, name: string): { found: boolean; value: unknown } {
  const n = a.named.find((x) => x.name.toLowerCase() === name.toLowerCase());
  return n ? { found: true, value: constant(n.value) } : { found: false, value: undefined };
}

function isAttr(a: AttributeAst, name: string): boolean {
  const n = a.name.toLowerCase();
  return n === name || n === name + 'attribute' || n === 'system.management.automation.' + name;
}

function build(block: ScriptBlockAst): ScriptParams {
  const attrs = [...block.attributes, ...(block.paramBlock?.attributes ?? [])];
  const cb = attrs.find((a) => isAttr(a, 'cmdletbinding'));
  const parameters = block.paramBlock?.parameters ?? [];
  const defaults = new Map<string, ExpressionAst>();
  const validateScripts = new Map<string, ScriptBlockExpressionAst>();
  let explicitPositions = false;
  let advanced = cb !== undefined;
  const params: ParameterDef[] = parameters.map((p) => {
    const def = paramDef(p, validateScripts);
    if (def.position !== undefined) explicitPositions = true;
    if (p.attributes.some((a) => isAttr(a, 'parameter'))) advanced = true;
    if (p.defaultValue) defaults.set(def.name, p.defaultValue);
    return def;
  });
  const positional = cb ? named(cb, 'PositionalBinding') : { found: false, value: true };
  if (!explicitPositions && positional.value !== false) {
    let i = 0;
    for (const d of params) if (d.type.toLowerCase() !== 'switch') d.position = i++;
  }
  const ssp = cb ? named(cb, 'SupportsShouldProcess') : { found: false, value: false };
  const dps = cb ? named(cb, 'DefaultParameterSetName') : { found: false, value: undefined };
  return {
    params,
    defaults,
    unknownType: parameters.map((p) => p.type).find((t) => t !== null && unknownPart(t.name) !== null) ?? null,
    validateScripts,
    advanced,
    supportsShouldProcess: ssp.found && ssp.value !== false,
    defaultParameterSet: typeof dps.value === 'string' ? dps.value : undefined,
  };
}

function paramDef(p: ParameterAst, scripts: Map<string, ScriptBlockExpressionAst>): ParameterDef {
  const def: ParameterDef = { name: p.name, type: p.type?.name ?? 'object' };
  const sets: string[] = [];
  for (const a of p.attributes) {
    if (isAttr(a, 'parameter')) {
      const m = named(a, 'Mandatory');
      if (m.found && m.value !== false) def.mandatory = true;
      const pos = named(a, 'Position');
      if (pos.found) def.position = Number(pos.value);
      const vfp = named(a, 'ValueFromPipeline');
      if (vfp.found && vfp.value !== false) def.valueFromPipeline = true;
      const vfpn = named(a, 'ValueFromPipelineByPropertyName');
      if (vfpn.found && vfpn.value !== false) def.valueFromPipelineByPropertyName = true;
      const rest = named(a, 'ValueFromRemainingArguments');
      if (rest.found && rest.value !== false) def.valueFromRemainingArguments = true;
      const set = named(a, 'ParameterSetName');
      if (set.found && typeof set.value === 'string') sets.push(set.value);
      const help = named(a, 'HelpMessage');
      if (help.found) def.help = String(help.value);
    } else if (isAttr(a, 'alias')) {
      def.aliases = a.positional.flatMap((e) => [constant(e)].flat()).map(String);
    } else if (isAttr(a, 'validateset')) {
      def.validateSet = a.positional.flatMap((e) => [constant(e)].flat()).map(String);
      const ic = named(a, 'IgnoreCase');
      if (ic.found && ic.value === false) def.validateSetCaseSensitive = true;
    } else if (isAttr(a, 'validaterange')) {
      const [min, max] = a.positional.flatMap((e) => [constant(e)].flat()).map(Number);
      def.validateRange = [min ?? -Infinity, max ?? Infinity];
    } else if (isAttr(a, 'allownull')) {
      def.allowNull = true;
    } else if (isAttr(a, 'allowemptystring')) {
      def.allowEmptyString = true;
    } else if (isAttr(a, 'allowemptycollection')) {
      def.allowEmptyCollection = true;
    } else if (isAttr(a, 'validatenotnull')) {
      def.validateNotNull = true;
    } else if (isAttr(a, 'validatenotnullorempty')) {
      def.validateNotNullOrEmpty = true;
    } else if (isAttr(a, 'validatepattern')) {
      def.validatePattern = String(constant(a.positional[0] ?? null));
    } else if (isAttr(a, 'validatelength') || isAttr(a, 'validatecount')) {
      const [min, max] = a.positional.flatMap((e) => [constant(e)].flat()).map(Number);
      if (isAttr(a, 'validatelength')) def.validateLength = [min ?? 0, max ?? Infinity];
      else def.validateCount = [min ?? 0, max ?? Infinity];
    } else if (isAttr(a, 'validatescript')) {
      const sb = a.positional[0];
      if (sb && sb.kind === 'ScriptBlockExpression') scripts.set(def.name, sb);
    }
    for (const [attr, key] of [['validatescript', 'script'], ['validatepattern', 'pattern'], ['validateset', 'set']] as const) {
      if (!isAttr(a, attr)) continue;
      const m = named(a, 'ErrorMessage');
      if (m.found && m.value !== null) def.validateErrorMessages = { ...def.validateErrorMessages, [key]: String(m.value) };
    }
  }
  if (sets.length) def.parameterSets = sets;
  return def;
}
