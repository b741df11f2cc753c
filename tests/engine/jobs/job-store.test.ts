import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Catalog } from '../../../src/engine/catalog/index.ts';
import { EngineError, isEngineError } from '../../../src/engine/engine-error.ts';
import { JobStore, type JobReferences } from '../../../src/engine/jobs/job-store.ts';
import { tempDir } from '../../temp-dir.ts';

const known = new Set(['web01', 'db01', 'repo01', 'px01']);
const check = (kind: string) => (name: string) => {
  if (!known.has(name)) throw EngineError.notFound(kind, name);
};
const refs: JobReferences = { checkVm: check('VM'), checkRepository: check('Repository'), checkProxy: check('Proxy') };
const fresh = () => new JobStore(Catalog.open({ home: tempDir('vbrs-jobs-') }), refs);

function throws(fn: () => unknown, code: string, message: string) {
  try {
    fn();
    assert.unreachable('should throw');
  } catch (e) {
    assert.ok(isEngineError(e, code), `code ${(e as EngineError).code}`);
    assert.is((e as Error).message, message);
  }
}

test('add applies the defaults and persists', () => {
  const home = tempDir('vbrs-jobs-');
  const store = new JobStore(Catalog.open({ home }), refs);
  const j = store.add({ Name: 'Nightly', VMs: ['web01', 'db01'], Repository: 'repo01' });
  assert.is(j.Compression, 'Optimal');
  assert.is(j.BlockSize, 1024 * 1024);
  assert.is(j.RetainPoints, 14);
  assert.is(j.Proxy, 'Auto');
  assert.is(j.Enabled, true);
  assert.is(j.SnapshotSource, 'Primary');
  const other = new JobStore(Catalog.open({ home }), refs);
  assert.equal(other.get('nightly'), j);
});

test('bad input gives one clear line', () => {
  const s = fresh();
  s.add({ Name: 'A', VMs: ['web01'], Repository: 'repo01' });
  throws(() => s.add({ Name: 'a', VMs: ['web01'], Repository: 'repo01' }), 'VBRS_DUPLICATE_NAME', "Job 'a' already exists.");
  throws(() => s.add({ Name: 'B', VMs: ['nope'], Repository: 'repo01' }), 'VBRS_UNKNOWN_OBJECT', "VM 'nope' was not found.");
  throws(() => s.add({ Name: 'B', VMs: [], Repository: 'repo01' }), 'VBRS_INVALID_ARGUMENT', "Job 'B': a job needs at least one VM.");
  throws(() => s.add({ Name: 'B', VMs: ['web01'], Repository: 'repo01', BlockSize: 1000 }), 'VBRS_INVALID_ARGUMENT', "Job 'B': BlockSize must be 256KB, 512KB, 1MB or 4MB, not 1000 bytes.");
  throws(() => s.add({ Name: 'B', VMs: ['web01'], Repository: 'repo01', Proxy: ['pxX'] }), 'VBRS_UNKNOWN_OBJECT', "Proxy 'pxX' was not found.");
  throws(() => s.get('Z'), 'VBRS_UNKNOWN_OBJECT', "Job 'Z' was not found.");
  throws(() => s.set('A', { RetainPoints: 0 }), 'VBRS_INVALID_ARGUMENT', "Job 'A': RetainPoints must be a whole number of at least 1, not 0.");
  assert.is(s.get('A').RetainPoints, 14, 'a rejected change leaves the job as it was');
});

test('set, enable/disable, list with wildcards, remove', () => {
  const s = fresh();
  s.add({ Name: 'Nightly', VMs: ['web01'], Repository: 'repo01' });
  s.add({ Name: 'Weekly', VMs: ['db01'], Repository: 'repo01' });
  assert.is(s.set('Nightly', { Compression: 'High', Proxy: ['px01'] }).Compression, 'High');
  assert.is(s.disable('Nightly').Enabled, false);
  assert.is(s.enable('Nightly').Enabled, true);
  assert.equal(s.list('n*').map((j) => j.Name), ['Nightly']);
  assert.equal(s.list().map((j) => j.Name), ['Nightly', 'Weekly']);
  s.remove('weekly');
  assert.equal(s.list().map((j) => j.Name), ['Nightly']);
});

test('guest processing keeps file hooks in the catalog and callbacks in the process', async () => {
  const home = tempDir('vbrs-jobs-');
  const s = new JobStore(Catalog.open({ home }), refs);
  s.add({ Name: 'N', VMs: ['web01'], Repository: 'repo01' });
  const cb = { kind: 'callback' as const, name: '{ freeze }', run: async () => ({ exitCode: 0, stdout: '', stderr: '' }) };
  const j = s.setGuestProcessing('N', { Enabled: true, PreFreezeScript: cb, PostThawScript: { kind: 'file', path: '/x/thaw.sh' }, ScriptTimeout: 5000 });
  assert.equal(j.GuestProcessing.PreFreezeScript, { kind: 'callback', name: '{ freeze }' });
  assert.is(s.hook(j, 'PreFreezeScript'), cb);
  assert.equal(s.hook(j, 'PostThawScript'), { kind: 'file', path: '/x/thaw.sh' });
  const later = new JobStore(Catalog.open({ home }), refs);
  const h = later.hook(later.get('N'), 'PreFreezeScript');
  assert.match((h as { error: string }).error, /defined in another process/);
  later.setHookResolver((name) => (name === '{ freeze }' ? cb : null));
  assert.is(later.hook(later.get('N'), 'PreFreezeScript'), cb);
});

test.run();
