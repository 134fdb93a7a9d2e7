import { Migration } from '@mikro-orm/migrations';

/** Connector plugins (issue 5): installed plugins, encrypted credentials, external approvals, callback dedupe. */
export class Migration20261126110946_Plugins extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`callback_event\` (\`id\` bigint unsigned not null auto_increment primary key, \`source\` varchar(16) not null, \`event_id\` varchar(128) not null, \`connector\` varchar(64) not null, \`instance_id\` varchar(128) null, \`status\` varchar(64) null, \`result\` varchar(16) not null, \`received_at\` bigint not null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`callback_event\` add index \`callback_event_received_at_index\`(\`received_at\`);`);
    this.addSql(`alter table \`callback_event\` add unique \`callback_event_source_event_id_unique\`(\`source\`, \`event_id\`);`);
    this.addSql(`create table \`connector_credential\` (\`connector_id\` varchar(64) not null, \`fields\` longtext not null, \`revision\` int not null, \`updated_at\` bigint not null, \`updated_by\` varchar(64) null, primary key (\`connector_id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`create table \`external_approval\` (\`id\` bigint unsigned not null auto_increment primary key, \`approval_id\` bigint not null, \`run_id\` bigint not null, \`node_id\` varchar(100) not null, \`step_seq\` int not null, \`connector\` varchar(64) not null, \`input\` longtext not null, \`idempotency_key\` varchar(200) not null, \`instance_id\` varchar(128) null, \`status\` varchar(16) not null, \`outcome\` varchar(16) null, \`external_status\` varchar(64) null, \`decided_via\` varchar(16) null, \`attempts\` int not null default 0, \`last_error\` text null, \`next_check_at\` bigint not null, \`lease_until\` bigint null, \`created_at\` bigint not null, \`updated_at\` bigint not null, \`decided_at\` bigint null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`external_approval\` add unique \`external_approval_approval_id_unique\`(\`approval_id\`);`);
    this.addSql(`alter table \`external_approval\` add index \`external_approval_status_next_check_at_index\`(\`status\`, \`next_check_at\`);`);
    this.addSql(`alter table \`external_approval\` add index \`external_approval_connector_instance_id_index\`(\`connector\`, \`instance_id\`);`);
    this.addSql(`create table \`plugin\` (\`id\` varchar(214) not null, \`connector_id\` varchar(64) null, \`version\` varchar(64) not null, \`source\` varchar(1000) not null, \`source_kind\` varchar(16) not null, \`enabled\` tinyint(1) not null, \`install_dir\` varchar(500) null, \`installed_at\` bigint not null, \`updated_at\` bigint not null, \`problems\` longtext null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`callback_event\`;`);
    this.addSql(`drop table if exists \`connector_credential\`;`);
    this.addSql(`drop table if exists \`external_approval\`;`);
    this.addSql(`drop table if exists \`plugin\`;`);
  }

}
