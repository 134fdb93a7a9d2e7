import { Migration } from '@mikro-orm/migrations';

export class Migration20261126132800_EventTypeIndex extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`event\` add index \`event_type_id_index\`(\`type\`, \`id\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`event\` drop index \`event_type_id_index\`;`);
  }

}
