/**
 * Developer tool: generates the next migration for both platforms from the entity definitions.
 * SQLite: against a scratch file; MySQL: against COACHFLOW_DB (a mysql:// URL to a scratch database).
 *   node --import tsx engine/scripts/make-migration.ts <name>
 */
import { rmSync } from 'node:fs';
import { loadMigrator, openDatabase } from '../src/persistence/orm.js';
import { parseDbUrl } from '../src/config.js';

const name = process.argv[2] ?? 'Initial';
const targets = [
  { dir: 'sqlite', db: parseDbUrl('sqlite:/tmp/coachflow-make-migration.sqlite', '/tmp') },
  { dir: 'mysql', db: parseDbUrl(process.env.COACHFLOW_DB ?? 'mysql://app:app@127.0.0.1:3306/app_migrations', '/tmp') },
];
for (const t of targets) {
  if (t.db.driver === 'sqlite') rmSync(t.db.path, { force: true });
  const database = await openDatabase(t.db);
  const migrator = await loadMigrator(database);
  await migrator.up();
  const result = await migrator.createMigration(`src/persistence/migrations/${t.dir}`, false, false, name);
  console.log(t.dir, result.fileName, result.diff.up.length, 'statements');
  await database.close();
}
