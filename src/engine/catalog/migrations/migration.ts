// One numbered step of the catalog schema. Steps are applied in order inside one transaction each
// and recorded in `PRAGMA user_version`, so a catalog from any older vbrs is upgraded in place.
// Add a step by creating the next numbered file and listing it in ./index.ts; never edit a step
// that has shipped.

import type { DatabaseSync } from 'node:sqlite';

export interface Migration {
  version: number;
  name: string;
  up(db: DatabaseSync): void;
}
