import { Migration } from '@mikro-orm/migrations';

/** Runs list filtered by workflow and status, newest first (keyset on id): one index range, no intersect + filesort. */
export class Migration20261126140000_RunWorkflowStatusIndex extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`run\` add index \`run_workflow_id_status_id_index\`(\`workflow_id\`, \`status\`, \`id\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`run\` drop index \`run_workflow_id_status_id_index\`;`);
  }

}
