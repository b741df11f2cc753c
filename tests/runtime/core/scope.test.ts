// Scope chains: dynamic lookup through parents, `$script:`/`$global:` targets, case-insensitive
// names, and function lookup skipping call frames that hold no functions.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Scope } from '../../../src/runtime/interpreter/scope.ts';
import type { FunctionInfo } from '../../../src/runtime/interpreter/function-info.ts';

const fn = (name: string): FunctionInfo => ({ name, block: null as never, isFilter: false, help: null, module: null });

test('lookup walks to the parents; setLocal shadows without touching them', () => {
  const g = new Scope(null, 'global');
  const script = new Scope(g, 'script');
  const f = new Scope(script, 'function');
  g.setLocal('X', 1);
  assert.is(f.lookup('x')!.value, 1);
  f.setLocal('x', 2);
  assert.is(f.lookup('X')!.value, 2);
  assert.is(g.lookup('x')!.value, 1);
  assert.is(f.getLocal('X')!.name, 'x');
});

test('script and global targets', () => {
  const g = new Scope(null, 'global');
  const script = new Scope(g, 'script');
  const block = new Scope(new Scope(script, 'function'), 'block');
  assert.is(block.script, script);
  assert.is(block.global, g);
  const mod = new Scope(g, 'module');
  assert.is(new Scope(mod, 'function').script, mod);
  assert.is(g.script, g);
});

test('functions resolve through frames without functions, nearest first', () => {
  const g = new Scope(null, 'global');
  g.functions.set('f', fn('global-f'));
  const script = new Scope(g, 'script');
  script.functions.set('f', fn('script-f'));
  let s = script;
  for (let i = 0; i < 50; i++) s = new Scope(s, 'function');
  assert.is(s.lookupFunction('F')!.name, 'script-f');
  s.functions.set('f', fn('local-f'));
  assert.is(s.lookupFunction('f')!.name, 'local-f');
  assert.is(new Scope(s, 'block').lookupFunction('f')!.name, 'local-f');
  assert.equal(s.visibleFunctions().map((x) => x.name), ['local-f']);
});

test.run();
