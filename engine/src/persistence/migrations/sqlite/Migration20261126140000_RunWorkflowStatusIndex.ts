import { Migration } from '@mikro-orm/migrations';

/** Runs list filtered by workflow and status, newest first (keyset on id). */
export class Migration20261126140000_RunWorkflowStatusIndex extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index \`run_workflow_id_status_id_index\` on \`run\` (\`workflow_id\`, \`status\`, \`id\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists \`run_workflow_id_status_id_index\`;`);
  }

}
