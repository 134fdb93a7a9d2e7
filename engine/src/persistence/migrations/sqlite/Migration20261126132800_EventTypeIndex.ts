import { Migration } from '@mikro-orm/migrations';

export class Migration20261126132800_EventTypeIndex extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index \`event_type_id_index\` on \`event\` (\`type\`, \`id\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index \`event_type_id_index\`;`);
  }

}
