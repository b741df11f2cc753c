// The catalog: the configuration database every vbrs process shares (infrastructure, jobs,
// sessions, restore points). Other engine parts add their tables as numbered migrations and use
// `Catalog.tx/get/all/run`; nothing outside the engine touches SQL.

export { Catalog, CATALOG_FILE } from './catalog.ts';
export type { CatalogOptions, Row } from './catalog.ts';
export { dataHome } from './data-home.ts';
export { MIGRATIONS } from './migrations/index.ts';
export type { Migration } from './migrations/index.ts';
