// Start-HealthCheck runs on the engine: closing the engine (the REPL exiting) while a check reads the
// repository stops the check, and close() waits until the check's session is saved as stopped —
// a later process sees it Stopped/Failed with the engine's closing in its log, not left 'Working'.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setImmediate as tick } from 'node:timers/promises';
import { VbrsSession } from './vbrs-session.ts';
import { Engine } from '../../src/engine/engine.ts';
import { backedUpJobScript } from './fixtures/backed-up-job.ts';

const SETUP = backedUpJobScript('48MB');

test('closing the engine during Start-HealthCheck stops the check and saves its session', async () => {
  const s = new VbrsSession();
  try {
    const setup = await s.run(SETUP);
    assert.is(setup.stderr, '');
    assert.is(setup.stdout, 'Success\n');
    const engine = s.shell.session.services.engine as Engine;
    const checking = s.objects('Start-HealthCheck -Job Nightly');
    // Close as soon as the check's session is Working (the catalog shows it, whoever runs it).
    let running;
    for (let i = 0; i < 100_000 && !running; i++) {
      running = engine.sessions.list({ job: 'Nightly' }).find((x) => x.Kind === 'HealthCheck' && x.State === 'Working');
      if (!running) await tick();
    }
    assert.ok(running, 'the health check started');
    await engine.close();
    const [out] = (await checking) as { Result: string; State: string }[];
    assert.equal([out!.State, out!.Result], ['Stopped', 'Failed']);

    const again = Engine.open({ home: s.home });
    const stored = again.sessions.get(running.Id);
    const log = stored.Log.map((l) => l.Text);
    assert.equal([stored.Kind, stored.State, stored.Result], ['HealthCheck', 'Stopped', 'Failed'], log.join('\n'));
    assert.ok(log.includes('Stop requested: the engine is closing'), log.join('\n'));
    assert.ok(log.includes('Health check stopped: the engine was closed'), log.join('\n'));
    await again.close();
  } finally {
    await s.close();
  }
});

test.run();
