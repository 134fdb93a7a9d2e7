import { Migration } from '@mikro-orm/migrations';

export class Migration20261126105507_People extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`api_token\` (\`id\` bigint unsigned not null auto_increment primary key, \`name\` varchar(200) not null, \`token_hash\` varchar(64) not null, \`prefix\` varchar(16) not null, \`roles\` longtext not null, \`groups\` longtext null, \`created_by\` bigint null, \`created_at\` bigint not null, \`expires_at\` bigint null, \`revoked_at\` bigint null, \`last_used_at\` bigint null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`api_token\` add unique \`api_token_token_hash_unique\`(\`token_hash\`);`);

    this.addSql(`create table \`audit_head\` (\`id\` int unsigned not null auto_increment primary key, \`seq\` bigint not null, \`hash\` varchar(64) not null) default character set utf8mb4 engine = InnoDB;`);

    this.addSql(`create table \`audit_log\` (\`id\` bigint unsigned not null auto_increment primary key, \`seq\` bigint not null, \`at\` bigint not null, \`actor_type\` varchar(16) not null, \`actor_id\` varchar(64) null, \`actor_name\` varchar(200) null, \`on_behalf_of\` varchar(64) null, \`action\` varchar(64) not null, \`target_type\` varchar(64) null, \`target_id\` varchar(100) null, \`before\` longtext null, \`after\` longtext null, \`details\` longtext null, \`ip\` varchar(64) null, \`prev_hash\` varchar(64) not null, \`hash\` varchar(64) not null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`audit_log\` add unique \`audit_log_seq_unique\`(\`seq\`);`);
    this.addSql(`alter table \`audit_log\` add index \`audit_log_at_index\`(\`at\`);`);
    this.addSql(`alter table \`audit_log\` add index \`audit_log_target_type_target_id_index\`(\`target_type\`, \`target_id\`);`);
    this.addSql(`alter table \`audit_log\` add index \`audit_log_action_id_index\`(\`action\`, \`id\`);`);
    this.addSql(`alter table \`audit_log\` add index \`audit_log_actor_id_id_index\`(\`actor_id\`, \`id\`);`);

    this.addSql(`create table \`auth_session\` (\`id\` bigint unsigned not null auto_increment primary key, \`token_hash\` varchar(64) not null, \`user_id\` bigint not null, \`created_at\` bigint not null, \`expires_at\` bigint not null, \`revoked_at\` bigint null, \`ip\` varchar(64) null, \`user_agent\` varchar(300) null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`auth_session\` add unique \`auth_session_token_hash_unique\`(\`token_hash\`);`);
    this.addSql(`alter table \`auth_session\` add index \`auth_session_user_id_index\`(\`user_id\`);`);
    this.addSql(`alter table \`auth_session\` add index \`auth_session_expires_at_index\`(\`expires_at\`);`);

    this.addSql(`create table \`delegation\` (\`id\` bigint unsigned not null auto_increment primary key, \`delegator_id\` varchar(64) not null, \`delegate_id\` varchar(64) not null, \`starts_at\` bigint not null, \`ends_at\` bigint not null, \`reason\` text null, \`created_by\` varchar(64) null, \`created_at\` bigint not null, \`revoked_at\` bigint null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`delegation\` add index \`delegation_delegator_id_ends_at_index\`(\`delegator_id\`, \`ends_at\`);`);
    this.addSql(`alter table \`delegation\` add index \`delegation_delegate_id_ends_at_index\`(\`delegate_id\`, \`ends_at\`);`);

    this.addSql(`create table \`objection\` (\`id\` bigint unsigned not null auto_increment primary key, \`employee_id\` varchar(64) not null, \`kind\` varchar(16) not null, \`subject_type\` varchar(16) not null, \`subject_id\` varchar(64) null, \`text\` text not null, \`status\` varchar(16) not null, \`hrbp_id\` varchar(64) null, \`task_id\` bigint null, \`response\` text null, \`responded_by\` varchar(64) null, \`created_at\` bigint not null, \`resolved_at\` bigint null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`objection\` add index \`objection_employee_id_id_index\`(\`employee_id\`, \`id\`);`);

    this.addSql(`create table \`setting\` (\`key\` varchar(100) not null, \`value\` longtext not null, \`updated_at\` bigint not null, \`updated_by\` varchar(64) null, primary key (\`key\`)) default character set utf8mb4 engine = InnoDB;`);

    this.addSql(`create table \`sign_in_failure\` (\`id\` bigint unsigned not null auto_increment primary key, \`bucket\` varchar(250) not null, \`at\` bigint not null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`sign_in_failure\` add index \`sign_in_failure_bucket_at_index\`(\`bucket\`, \`at\`);`);

    this.addSql(`create table \`user\` (\`id\` bigint unsigned not null auto_increment primary key, \`email\` varchar(200) not null, \`name\` varchar(200) not null, \`employee_id\` varchar(64) null, \`roles\` longtext not null, \`locale\` varchar(8) not null default 'zh-CN', \`password_hash\` varchar(300) null, \`status\` varchar(16) not null default 'active', \`created_at\` bigint not null, \`updated_at\` bigint not null, \`last_sign_in_at\` bigint null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`user\` add unique \`user_email_unique\`(\`email\`);`);
    this.addSql(`alter table \`user\` add index \`user_employee_id_index\`(\`employee_id\`);`);

    this.addSql(`create table \`work_item_event\` (\`id\` bigint unsigned not null auto_increment primary key, \`item_type\` varchar(16) not null, \`item_id\` bigint not null, \`at\` bigint not null, \`type\` varchar(32) not null, \`actor_id\` varchar(64) null, \`on_behalf_of\` varchar(64) null, \`from_id\` varchar(64) null, \`to_id\` varchar(64) null, \`detail\` longtext null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`work_item_event\` add index \`work_item_event_item_type_item_id_index\`(\`item_type\`, \`item_id\`);`);

    this.addSql(`alter table \`approval\` add \`escalated_to\` varchar(64) null, add \`escalation_level\` int not null default 0, add \`escalated_at\` bigint null, add \`reminded_at\` bigint null, add \`notified_at\` bigint null;`);

    this.addSql(`alter table \`notification\` add \`kind\` varchar(32) null, add \`locale\` varchar(8) null, add \`address\` varchar(300) null, add \`last_error\` text null, add \`next_attempt_at\` bigint null, add \`sent_at\` bigint null, add \`dedupe_key\` varchar(200) null, add \`payload\` longtext null;`);
    this.addSql(`alter table \`notification\` add unique \`notification_dedupe_key_unique\`(\`dedupe_key\`);`);
    this.addSql(`alter table \`notification\` add index \`notification_status_next_attempt_at_index\`(\`status\`, \`next_attempt_at\`);`);

    this.addSql(`alter table \`task\` add \`kind\` varchar(16) not null default 'workflow', add \`claimed_by\` varchar(64) null, add \`claimed_at\` bigint null, add \`on_behalf_of\` varchar(64) null, add \`escalated_to\` varchar(64) null, add \`escalation_level\` int not null default 0, add \`escalated_at\` bigint null, add \`reminded_at\` bigint null, add \`notified_at\` bigint null;`);

  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`api_token\`;`);

    this.addSql(`drop table if exists \`audit_head\`;`);

    this.addSql(`drop table if exists \`audit_log\`;`);

    this.addSql(`drop table if exists \`auth_session\`;`);

    this.addSql(`drop table if exists \`delegation\`;`);

    this.addSql(`drop table if exists \`objection\`;`);

    this.addSql(`drop table if exists \`setting\`;`);

    this.addSql(`drop table if exists \`sign_in_failure\`;`);

    this.addSql(`drop table if exists \`user\`;`);

    this.addSql(`drop table if exists \`work_item_event\`;`);

    this.addSql(`alter table \`task\` drop column \`kind\`, drop column \`claimed_by\`, drop column \`claimed_at\`, drop column \`on_behalf_of\`, drop column \`escalated_to\`, drop column \`escalation_level\`, drop column \`escalated_at\`, drop column \`reminded_at\`, drop column \`notified_at\`;`);

    this.addSql(`alter table \`notification\` drop index \`notification_dedupe_key_unique\`;`);
    this.addSql(`alter table \`notification\` drop index \`notification_status_next_attempt_at_index\`;`);
    this.addSql(`alter table \`notification\` drop column \`kind\`, drop column \`locale\`, drop column \`address\`, drop column \`last_error\`, drop column \`next_attempt_at\`, drop column \`sent_at\`, drop column \`dedupe_key\`, drop column \`payload\`;`);

    this.addSql(`alter table \`approval\` drop column \`escalated_to\`, drop column \`escalation_level\`, drop column \`escalated_at\`, drop column \`reminded_at\`, drop column \`notified_at\`;`);

  }

}
