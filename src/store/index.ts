export type * from './account-store.js';
export type * from './account-types.js';
export { createIdGenerator, type IdGenerator } from './ids.js';
export { type OpenStoreOptions, openStore } from './open-store.js';
export { recordChecksIn } from './record-checks.js';
export { SQLITE_FILE_NAME } from './sqlite/open-sqlite.js';
export type * from './store.js';
export * from './types.js';
