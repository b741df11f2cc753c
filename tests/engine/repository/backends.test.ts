// Runs the backend conformance suite against every RepositoryBackend implementation.

import { test } from 'uvu';
import { backendConformance } from './fixtures/backend-conformance.ts';
import { FsBackend } from '../../../src/engine/repository/fs-backend.ts';
import { MemoryBackend } from '../../../src/engine/repository/memory-backend.ts';
import { removeTempDirsAfter, tempDir } from '../datamover/fixtures/disk-image.ts';

removeTempDirsAfter(test);

backendConformance('FsBackend', async () => new FsBackend(tempDir()));
backendConformance('MemoryBackend', async () => new MemoryBackend());

test.run();
