import { Migration } from '@mikro-orm/migrations';

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

    this.addSql(`alter table \`approval\` modify \`employee_id\` varchar(64), modify \`description\` text, modify \`escalated_to\` varchar(64);`);

    this.addSql(`alter table \`audit_log\` modify \`actor_id\` varchar(64), modify \`actor_name\` varchar(200), modify \`on_behalf_of\` varchar(64), modify \`target_type\` varchar(64), modify \`target_id\` varchar(100), modify \`ip\` varchar(64);`);

    this.addSql(`alter table \`auth_session\` modify \`ip\` varchar(64), modify \`user_agent\` varchar(300);`);

    this.addSql(`alter table \`coaching_record\` modify \`region\` varchar(32), modify \`department_id\` varchar(64), modify \`objective_id\` varchar(64);`);

    this.addSql(`alter table \`data_import\` modify \`mode\` varchar(16), modify \`actor\` varchar(64), modify \`decided_by\` varchar(64);`);

    this.addSql(`alter table \`delegation\` modify \`reason\` text, modify \`created_by\` varchar(64);`);

    this.addSql(`alter table \`department\` modify \`name_en\` varchar(200), modify \`head_id\` varchar(64), modify \`hrbp_id\` varchar(64), modify \`executive_id\` varchar(64), modify \`status\` varchar(16) not null default 'active';`);

    this.addSql(`alter table \`employee\` modify \`email\` varchar(200), modify \`job_family\` varchar(64), modify \`level\` varchar(16), modify \`location\` varchar(100), modify \`status\` varchar(16) not null default 'active', modify \`manager_id\` varchar(64), modify \`department_id\` varchar(64), modify \`team_id\` varchar(64), modify \`hrbp_id\` varchar(64), modify \`locale\` varchar(8) not null default 'zh-CN';`);

    this.addSql(`alter table \`goal\` modify \`level\` varchar(16), modify \`objective_id\` varchar(64), modify \`parent_goal_id\` varchar(64), modify \`owner_id\` varchar(64), modify \`department_id\` varchar(64), modify \`team_id\` varchar(64), modify \`region\` varchar(32), modify \`status\` varchar(16) not null default 'active';`);

    this.addSql(`alter table \`goal_progress\` modify \`updated_by\` varchar(64);`);

    this.addSql(`alter table \`kpi_streak\` modify \`direction\` varchar(8), modify \`fired_for_streak_start\` varchar(10);`);

    this.addSql(`alter table \`notification\` modify \`node_id\` varchar(100), modify \`recipient_id\` varchar(64), modify \`kind\` varchar(32), modify \`locale\` varchar(8), modify \`address\` varchar(300), modify \`last_error\` text, modify \`dedupe_key\` varchar(200);`);

    this.addSql(`alter table \`objection\` modify \`subject_id\` varchar(64), modify \`hrbp_id\` varchar(64), modify \`response\` text, modify \`responded_by\` varchar(64);`);

    this.addSql(`alter table \`objective\` modify \`title_en\` varchar(300), modify \`region\` varchar(32), modify \`status\` varchar(16) not null default 'active';`);

    this.addSql(`alter table \`pip\` modify \`planned_end_date\` varchar(10), modify \`end_date\` varchar(10), modify \`outcome\` varchar(16), modify \`exit_reason\` text, modify \`source_record_id\` varchar(64);`);

    this.addSql(`alter table \`run\` modify \`employee_id\` varchar(64), modify \`current_node\` varchar(100), modify \`outcome\` varchar(200);`);

    this.addSql(`alter table \`setting\` modify \`updated_by\` varchar(64);`);

    this.addSql(`alter table \`step\` modify \`handle\` varchar(100);`);

    this.addSql(`alter table \`task\` modify \`employee_id\` varchar(64), modify \`description\` text, modify \`assignee_id\` varchar(64), modify \`form\` varchar(32), modify \`completed_by\` varchar(64), modify \`kind\` varchar(16) not null default 'workflow', modify \`claimed_by\` varchar(64), modify \`on_behalf_of\` varchar(64), modify \`escalated_to\` varchar(64);`);

    this.addSql(`alter table \`team\` modify \`name_en\` varchar(200), modify \`department_id\` varchar(64), modify \`manager_id\` varchar(64), modify \`hrbp_id\` varchar(64), modify \`region\` varchar(32), modify \`status\` varchar(16) not null default 'active';`);

    this.addSql(`alter table \`user\` modify \`employee_id\` varchar(64), modify \`locale\` varchar(8) not null default 'zh-CN', modify \`password_hash\` varchar(300), modify \`status\` varchar(16) not null default 'active';`);

    this.addSql(`alter table \`workflow\` modify \`description\` text, modify \`trigger_type\` varchar(64), modify \`published_trigger_type\` varchar(64);`);

    this.addSql(`alter table \`workflow_version\` modify \`note\` text;`);

    this.addSql(`alter table \`work_item_event\` modify \`actor_id\` varchar(64), modify \`on_behalf_of\` varchar(64), modify \`from_id\` varchar(64), modify \`to_id\` varchar(64);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`callback_event\`;`);

    this.addSql(`drop table if exists \`connector_credential\`;`);

    this.addSql(`drop table if exists \`external_approval\`;`);

    this.addSql(`drop table if exists \`plugin\`;`);

    this.addSql(`alter table \`task\` modify \`employee_id\` varchar(64) default 'NULL', modify \`description\` text default ('NULL'), modify \`assignee_id\` varchar(64) default 'NULL', modify \`form\` varchar(32) default 'NULL', modify \`completed_by\` varchar(64) default 'NULL', modify \`kind\` varchar(16) not null default '\\'workflow\\'', modify \`claimed_by\` varchar(64) default 'NULL', modify \`on_behalf_of\` varchar(64) default 'NULL', modify \`escalated_to\` varchar(64) default 'NULL';`);

    this.addSql(`alter table \`coaching_record\` modify \`region\` varchar(32) default 'NULL', modify \`department_id\` varchar(64) default 'NULL', modify \`objective_id\` varchar(64) default 'NULL';`);

    this.addSql(`alter table \`workflow_version\` modify \`note\` text default ('NULL');`);

    this.addSql(`alter table \`goal_progress\` modify \`updated_by\` varchar(64) default 'NULL';`);

    this.addSql(`alter table \`objective\` modify \`title_en\` varchar(300) default 'NULL', modify \`region\` varchar(32) default 'NULL', modify \`status\` varchar(16) not null default '\\'active\\'';`);

    this.addSql(`alter table \`goal\` modify \`level\` varchar(16) default 'NULL', modify \`objective_id\` varchar(64) default 'NULL', modify \`parent_goal_id\` varchar(64) default 'NULL', modify \`owner_id\` varchar(64) default 'NULL', modify \`department_id\` varchar(64) default 'NULL', modify \`team_id\` varchar(64) default 'NULL', modify \`region\` varchar(32) default 'NULL', modify \`status\` varchar(16) not null default '\\'active\\'';`);

    this.addSql(`alter table \`run\` modify \`employee_id\` varchar(64) default 'NULL', modify \`current_node\` varchar(100) default 'NULL', modify \`outcome\` varchar(200) default 'NULL';`);

    this.addSql(`alter table \`pip\` modify \`planned_end_date\` varchar(10) default 'NULL', modify \`end_date\` varchar(10) default 'NULL', modify \`outcome\` varchar(16) default 'NULL', modify \`exit_reason\` text default ('NULL'), modify \`source_record_id\` varchar(64) default 'NULL';`);

    this.addSql(`alter table \`audit_log\` modify \`actor_id\` varchar(64) default 'NULL', modify \`actor_name\` varchar(200) default 'NULL', modify \`on_behalf_of\` varchar(64) default 'NULL', modify \`target_type\` varchar(64) default 'NULL', modify \`target_id\` varchar(100) default 'NULL', modify \`ip\` varchar(64) default 'NULL';`);

    this.addSql(`alter table \`work_item_event\` modify \`actor_id\` varchar(64) default 'NULL', modify \`on_behalf_of\` varchar(64) default 'NULL', modify \`from_id\` varchar(64) default 'NULL', modify \`to_id\` varchar(64) default 'NULL';`);

    this.addSql(`alter table \`setting\` modify \`updated_by\` varchar(64) default 'NULL';`);

    this.addSql(`alter table \`data_import\` modify \`mode\` varchar(16) default 'NULL', modify \`actor\` varchar(64) default 'NULL', modify \`decided_by\` varchar(64) default 'NULL';`);

    this.addSql(`alter table \`department\` modify \`name_en\` varchar(200) default 'NULL', modify \`head_id\` varchar(64) default 'NULL', modify \`hrbp_id\` varchar(64) default 'NULL', modify \`executive_id\` varchar(64) default 'NULL', modify \`status\` varchar(16) not null default '\\'active\\'';`);

    this.addSql(`alter table \`employee\` modify \`email\` varchar(200) default 'NULL', modify \`job_family\` varchar(64) default 'NULL', modify \`level\` varchar(16) default 'NULL', modify \`location\` varchar(100) default 'NULL', modify \`status\` varchar(16) not null default '\\'active\\'', modify \`manager_id\` varchar(64) default 'NULL', modify \`department_id\` varchar(64) default 'NULL', modify \`team_id\` varchar(64) default 'NULL', modify \`hrbp_id\` varchar(64) default 'NULL', modify \`locale\` varchar(8) not null default '\\'zh-CN\\'';`);

    this.addSql(`alter table \`notification\` modify \`node_id\` varchar(100) default 'NULL', modify \`recipient_id\` varchar(64) default 'NULL', modify \`kind\` varchar(32) default 'NULL', modify \`locale\` varchar(8) default 'NULL', modify \`address\` varchar(300) default 'NULL', modify \`last_error\` text default ('NULL'), modify \`dedupe_key\` varchar(200) default 'NULL';`);

    this.addSql(`alter table \`workflow\` modify \`description\` text default ('NULL'), modify \`trigger_type\` varchar(64) default 'NULL', modify \`published_trigger_type\` varchar(64) default 'NULL';`);

    this.addSql(`alter table \`kpi_streak\` modify \`direction\` varchar(8) default 'NULL', modify \`fired_for_streak_start\` varchar(10) default 'NULL';`);

    this.addSql(`alter table \`delegation\` modify \`reason\` text default ('NULL'), modify \`created_by\` varchar(64) default 'NULL';`);

    this.addSql(`alter table \`auth_session\` modify \`ip\` varchar(64) default 'NULL', modify \`user_agent\` varchar(300) default 'NULL';`);

    this.addSql(`alter table \`team\` modify \`name_en\` varchar(200) default 'NULL', modify \`department_id\` varchar(64) default 'NULL', modify \`manager_id\` varchar(64) default 'NULL', modify \`hrbp_id\` varchar(64) default 'NULL', modify \`region\` varchar(32) default 'NULL', modify \`status\` varchar(16) not null default '\\'active\\'';`);

    this.addSql(`alter table \`approval\` modify \`employee_id\` varchar(64) default 'NULL', modify \`description\` text default ('NULL'), modify \`escalated_to\` varchar(64) default 'NULL';`);

    this.addSql(`alter table \`step\` modify \`handle\` varchar(100) default 'NULL';`);

    this.addSql(`alter table \`user\` modify \`employee_id\` varchar(64) default 'NULL', modify \`locale\` varchar(8) not null default '\\'zh-CN\\'', modify \`password_hash\` varchar(300) default 'NULL', modify \`status\` varchar(16) not null default '\\'active\\'';`);

    this.addSql(`alter table \`objection\` modify \`subject_id\` varchar(64) default 'NULL', modify \`hrbp_id\` varchar(64) default 'NULL', modify \`response\` text default ('NULL'), modify \`responded_by\` varchar(64) default 'NULL';`);
  }

}
