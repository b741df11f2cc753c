import { test } from 'uvu';
import * as assert from 'uvu/assert';
test('arithmetic sanity', () => { assert.is(1 + 2, 3); });
test.run();
