/**
 * Tests of read-then-write transactions on the embedded database: another connection (as another
 * process would) commits a write just before the first statement matching `before` runs — after the
 * transaction read, before it writes — which SQLite answers with SQLITE_BUSY_SNAPSHOT.
 */
import { createRequire } from 'node:module';
import type { Knex } from '@mikro-orm/mysql';
import { driverPath } from './sqlite-checkpointer.js';

type RawDatabase = { exec(sql: string): unknown; close(): void };
const Database = createRequire(import.meta.url)(driverPath()) as new (file: string) => RawDatabase;

export interface Interference {
  /** Whether the other connection has committed its write. */
  readonly done: boolean;
  stop(): void;
}

/** Commits a write from another connection to `file` once, right before the first query of `knex` matching `before`. */
export function interfereBefore(knex: Knex, file: string, before: RegExp): Interference {
  const other = new Database(file);
  let done = false;
  const listener = (q: { sql?: string }): void => {
    if (!done && before.test(q.sql ?? '')) {
      done = true;
      other.exec('create table if not exists test_interference (at integer); insert into test_interference values (1)');
    }
  };
  knex.on('query', listener);
  return {
    get done() {
      return done;
    },
    stop() {
      knex.off('query', listener);
      other.close();
    },
  };
}
