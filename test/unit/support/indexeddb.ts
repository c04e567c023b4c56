import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';

// Node has no IndexedDB: every unit test gets a fresh in-memory one, as it gets a fresh fake browser.
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});
