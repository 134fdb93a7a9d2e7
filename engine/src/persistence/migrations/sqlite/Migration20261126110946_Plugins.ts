import { Migration } from '@mikro-orm/migrations';

/** Connector plugins (issue 5): installed plugins, encrypted credentials, external approvals, callback dedupe. */
export class Migration20261126110946_Plugins extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`callback_event\` (\`id\` integer not null primary key autoincrement, \`source\` text not null, \`event_id\` text not null, \`connector\` text not null, \`instance_id\` text null, \`status\` text null, \`result\` text not null, \`received_at\` bigint not null);`);
    this.addSql(`create index \`callback_event_received_at_index\` on \`callback_event\` (\`received_at\`);`);
    this.addSql(`create unique index \`callback_event_source_event_id_unique\` on \`callback_event\` (\`source\`, \`event_id\`);`);
    this.addSql(`create table \`connector_credential\` (\`connector_id\` text not null, \`fields\` longtext not null, \`revision\` integer not null, \`updated_at\` bigint not null, \`updated_by\` text null, primary key (\`connector_id\`));`);
    this.addSql(`create table \`external_approval\` (\`id\` integer not null primary key autoincrement, \`approval_id\` bigint not null, \`run_id\` bigint not null, \`node_id\` text not null, \`step_seq\` integer not null, \`connector\` text not null, \`input\` longtext not null, \`idempotency_key\` text not null, \`instance_id\` text null, \`status\` text not null, \`outcome\` text null, \`external_status\` text null, \`decided_via\` text null, \`attempts\` integer not null default 0, \`last_error\` text null, \`next_check_at\` bigint not null, \`lease_until\` bigint null, \`created_at\` bigint not null, \`updated_at\` bigint not null, \`decided_at\` bigint null);`);
    this.addSql(`create unique index \`external_approval_approval_id_unique\` on \`external_approval\` (\`approval_id\`);`);
    this.addSql(`create index \`external_approval_status_next_check_at_index\` on \`external_approval\` (\`status\`, \`next_check_at\`);`);
    this.addSql(`create index \`external_approval_connector_instance_id_index\` on \`external_approval\` (\`connector\`, \`instance_id\`);`);
    this.addSql(`create table \`plugin\` (\`id\` text not null, \`connector_id\` text null, \`version\` text not null, \`source\` text not null, \`source_kind\` text not null, \`enabled\` integer not null, \`install_dir\` text null, \`installed_at\` bigint not null, \`updated_at\` bigint not null, \`problems\` longtext null, primary key (\`id\`));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`callback_event\`;`);
    this.addSql(`drop table if exists \`connector_credential\`;`);
    this.addSql(`drop table if exists \`external_approval\`;`);
    this.addSql(`drop table if exists \`plugin\`;`);
  }

}
