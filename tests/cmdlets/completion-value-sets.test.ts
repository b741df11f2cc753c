// Tab completion of fixed value sets, for every parameter of every cmdlet the shell has (core and
// domain) that declares a ValidateSet: `Cmd -Param <Tab>` lists exactly the set, and a prefix
// narrows it. New-Lab's -Preset lists its presets (named or positional), not files.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { complete } from '../../src/repl/completion.ts';
import { shellCompletionSource } from '../../src/repl/shell-completion-source.ts';
import { VbrsSession } from './vbrs-session.ts';

const sorted = (values: string[]) => [...new Map(values.map((v) => [v.toLowerCase(), v])).values()].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));

test('every ValidateSet parameter of every cmdlet completes its values', async () => {
  const s = new VbrsSession();
  try {
    const source = shellCompletionSource(s.shell, s.shell.session.services);
    const candidates = async (text: string) => (await complete(text, text.length, source)).candidates;
    let checked = 0;
    const cmdlets = new Map([...s.shell.session.cmdlets.values()].map((c) => [c.name, c]));
    for (const c of cmdlets.values()) {
      for (const p of c.parameters) {
        if (!p.validateSet?.length || p.type === 'switch') continue;
        assert.equal(await candidates(`${c.name} -${p.name} `), sorted(p.validateSet), `${c.name} -${p.name}`);
        const one = p.validateSet[0]!;
        assert.ok((await candidates(`${c.name} -${p.name} ${one.slice(0, 1)}`)).includes(one), `${c.name} -${p.name} ${one[0]}`);
        checked++;
      }
    }
    assert.ok(checked > 20, `only ${checked} ValidateSet parameters found`);
  } finally {
    await s.close();
  }
});

test('New-Lab -Preset completes the presets, named or positional, not files', async () => {
  const s = new VbrsSession();
  try {
    const source = shellCompletionSource(s.shell, s.shell.session.services);
    const candidates = async (text: string) => (await complete(text, text.length, source)).candidates;
    assert.equal(await candidates('New-Lab -Preset '), ['Demo']);
    assert.equal(await candidates('New-Lab -Preset d'), ['Demo']);
    assert.equal(await candidates('New-Lab '), ['Demo']);
    assert.equal(await candidates('New-Lab -Preset Zz'), []);
  } finally {
    await s.close();
  }
});

test.run();
