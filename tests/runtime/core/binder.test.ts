import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ParameterDef } from '../../../src/runtime/cmdlet.ts';
import { bindArguments, bindPipelineItem, missingMandatory, ParameterBindingError } from '../../../src/runtime/binder.ts';
import type { ArgItem } from '../../../src/runtime/binder.ts';
import { PSObject } from '../../../src/runtime/values/ps-object.ts';

const jobParams: ParameterDef[] = [
  { name: 'Name', type: 'string', position: 0, mandatory: true },
  { name: 'Compression', type: 'string', validateSet: ['None', 'Optimal', 'High'] },
  { name: 'Count', type: 'int' },
  { name: 'Confirm', type: 'switch' },
  { name: 'Force', type: 'switch', aliases: ['f'] },
  { name: 'DiskSize', type: 'long[]', parameterSets: ['Size'] },
  { name: 'DiskPath', type: 'string[]', parameterSets: ['Path'] },
];

const p = (name: string, value?: unknown): ArgItem => (value === undefined ? { kind: 'param', name, value: null, hasValue: false, text: '-' + name } : { kind: 'param', name, value, hasValue: true, text: `-${name}:` });
const a = (value: unknown): ArgItem => ({ kind: 'arg', value });

function bindError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.instance(e, ParameterBindingError);
    return (e as Error).message;
  }
  throw new Error('expected a binding error');
}

test('named, positional and switch binding with conversion', () => {
  const r = bindArguments(jobParams, [a('Nightly'), p('Count'), a('5'), p('Force')], { allowUnbound: false });
  assert.equal(r.bound, { Name: 'Nightly', Count: 5, Force: true });
});

test('unambiguous prefix and alias resolve; -Name:value form', () => {
  const r = bindArguments(jobParams, [p('Comp'), a('High'), p('f'), p('Name', 'x')], { allowUnbound: false });
  assert.equal(r.bound, { Compression: 'High', Force: true, Name: 'x' });
});

test('ambiguous prefix names the candidates', () => {
  const msg = bindError(() => bindArguments(jobParams, [p('C'), a('x')], { allowUnbound: false }));
  assert.is(msg, "Parameter cannot be processed because the parameter name 'C' is ambiguous. Possible matches include: -Compression -Count -Confirm.");
});

test('conversion failure names the parameter and value', () => {
  const msg = bindError(() => bindArguments(jobParams, [p('Count'), a('abc')], { allowUnbound: false }));
  assert.match(msg, /^Cannot process argument transformation on parameter 'Count'\. Cannot convert value "abc" to type "System\.Int32"/);
});

test('ValidateSet rejects values outside the set', () => {
  const msg = bindError(() => bindArguments(jobParams, [p('Compression'), a('Max')], { allowUnbound: false }));
  assert.is(msg, `Cannot validate argument on parameter 'Compression'. The argument "Max" does not belong to the set "None,Optimal,High" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.`);
});

test('unknown parameter and extra positional fail for cmdlets, go to $args for simple functions', () => {
  assert.is(bindError(() => bindArguments(jobParams, [p('Nope')], { allowUnbound: false })), "A parameter cannot be found that matches parameter name 'Nope'.");
  assert.is(bindError(() => bindArguments(jobParams, [a('x'), a('y')], { allowUnbound: false })), "A positional parameter cannot be found that accepts argument 'y'.");
  const r = bindArguments([{ name: 'A', type: 'object', position: 0 }], [a(1), a(2), p('Zed')], { allowUnbound: true });
  assert.equal(r.bound, { A: 1 });
  assert.equal(r.unbound, [2, '-Zed']);
});

test('missing argument for a non-switch parameter', () => {
  assert.is(bindError(() => bindArguments(jobParams, [p('Count')], { allowUnbound: false })), "Missing an argument for parameter 'Count'. Specify a parameter of type 'System.Int32' and try again.");
});

test('parameter sets: -DiskSize and -DiskPath choose a set, both together fail', () => {
  assert.is(bindArguments(jobParams, [p('DiskSize'), a([1, 2])], { allowUnbound: false }).parameterSet, 'Size');
  assert.is(bindArguments(jobParams, [p('DiskPath'), a('x.img')], { allowUnbound: false }).parameterSet, 'Path');
  assert.match(bindError(() => bindArguments(jobParams, [p('DiskPath'), a('x'), p('DiskSize'), a(1)], { allowUnbound: false })), /^Parameter set cannot be resolved/);
});

test('mandatory parameters reported when missing', () => {
  const r = bindArguments(jobParams, [p('Count'), a(1)], { allowUnbound: false });
  assert.equal(missingMandatory(jobParams, r.parameterSet, r.bound, false), ['Name']);
});

test('pipeline binding by value, then by property name', () => {
  const params: ParameterDef[] = [
    { name: 'InputObject', type: 'int', valueFromPipeline: true },
    { name: 'Label', type: 'string' },
  ];
  const target: Record<string, unknown> = {};
  assert.equal(bindPipelineItem(params, '__AllParameterSets', {}, target, '7'), ['InputObject']);
  assert.is(target.InputObject, 7);
  const byName: ParameterDef[] = [{ name: 'Name', type: 'string', valueFromPipelineByPropertyName: true, aliases: ['VMName'] }];
  const t2: Record<string, unknown> = {};
  assert.equal(bindPipelineItem(byName, '__AllParameterSets', {}, t2, PSObject.from([['VMName', 'web01']])), ['Name']);
  assert.is(t2.Name, 'web01');
  assert.is(bindPipelineItem(byName, '__AllParameterSets', {}, {}, PSObject.from([['Other', 1]])), null);
});

test.run();
