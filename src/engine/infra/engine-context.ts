// What every engine sub-API is built from: the open catalog, the data dir, the event stream and the
// FileGuard the single disk write path calls (storage snapshots plug their copy-on-write in here).

import type { Catalog } from '../catalog/catalog.ts';
import type { EngineEvents } from '../engine-events.ts';
import type { FileGuard } from './file-guard.ts';

export interface EngineContext {
  catalog: Catalog;
  home: string;
  events: EngineEvents;
  guard: FileGuard;
}
