// Tab completion of catalog names as the domain cmdlets declare it: every parameter naming a
// catalog object declares its completion kind, and the shell's completion source lists each kind
// from a real engine through the one registry (src/cmdlets/completion-sources.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { domainCmdlets } from '../../src/cmdlets/index.ts';
import { completionKinds, type CompletionKind } from '../../src/runtime/completion-kind.ts';
import { complete } from '../../src/repl/completion.ts';
import { shellCompletionSource } from '../../src/repl/shell-completion-source.ts';
import { VbrsSession, SMALL_LAB } from './vbrs-session.ts';

/** Parameter names that always mean one kind of catalog object. */
const byParameter: Record<string, CompletionKind> = {
  Job: 'job', VM: 'vm', Proxy: 'proxy', Repository: 'repository', Host: 'host', Datastore: 'datastore', Array: 'array', Credential: 'credential',
};
/** Cmdlet nouns whose -Name is that kind's name. */
const byNoun: Record<string, CompletionKind> = {
  Job: 'job', VM: 'vm', Proxy: 'proxy', Repository: 'repository', ViHost: 'host', Datastore: 'datastore', StorageArray: 'array',
  Credential: 'credential', Lab: 'lab',
};

test('parameters that name a catalog object declare its completion kind', () => {
  let declared = 0;
  for (const c of domainCmdlets) {
    const noun = c.name.split('-')[1]!;
    for (const p of c.parameters) {
      const expected = byParameter[p.name] ?? (p.name === 'Name' ? byNoun[noun] : undefined);
      if (expected) assert.is(p.completion, expected, `${c.name} -${p.name}`);
      if (p.completion) {
        assert.ok(completionKinds.includes(p.completion), `${c.name} -${p.name}: ${p.completion}`);
        declared++;
      }
    }
  }
  assert.ok(declared > 40, `only ${declared} parameters declare a completion kind`);
});

test('the shell completes catalog names of each declared kind from the engine', async () => {
  const s = new VbrsSession();
  try {
    assert.is((await s.run(`${SMALL_LAB}; Add-Job -Name Nightly -VM web01,db01 -Repository repo01 | Out-Null`)).stderr, '');
    const source = shellCompletionSource(s.shell, s.shell.session.services);
    const candidates = async (text: string) => (await complete(text, text.length, source)).candidates;
    assert.equal(await candidates('Start-Job -Name N'), ['Nightly']);
    assert.equal(await candidates('Start-Job '), ['Nightly'], 'the positional -Name');
    assert.equal(await candidates('Add-Job -VM w'), ['web01']);
    assert.equal(await candidates('Add-Job -Repository '), ['repo01']);
    assert.ok((await candidates('Get-ViHost ')).includes('esx01'));
    assert.ok((await candidates('Add-Volume -Array ')).length >= 2, 'arrays');
    assert.equal(await candidates('Get-Lab '), ['Demo']);
    assert.equal(await candidates('Start-Job -Name Zz'), []);
  } finally {
    await s.close();
  }
});

test.run();
