import { Migration } from '@mikro-orm/migrations';

/** Approval chains: how many rejections a chain tolerates before it ends rejected (null: the mode's default). */
export class Migration20261126133000_ApprovalMaxRejections extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`approval\` add column \`max_rejections\` integer null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`approval\` drop column \`max_rejections\`;`);
  }

}
