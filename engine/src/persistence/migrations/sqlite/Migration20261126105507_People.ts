import { Migration } from '@mikro-orm/migrations';

export class Migration20261126105507_People extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`api_token\` (\`id\` integer not null primary key autoincrement, \`name\` text not null, \`token_hash\` text not null, \`prefix\` text not null, \`roles\` longtext not null, \`groups\` longtext null, \`created_by\` bigint null, \`created_at\` bigint not null, \`expires_at\` bigint null, \`revoked_at\` bigint null, \`last_used_at\` bigint null);`);
    this.addSql(`create unique index \`api_token_token_hash_unique\` on \`api_token\` (\`token_hash\`);`);

    this.addSql(`create table \`audit_head\` (\`id\` integer not null primary key autoincrement, \`seq\` bigint not null, \`hash\` text not null);`);

    this.addSql(`create table \`audit_log\` (\`id\` integer not null primary key autoincrement, \`seq\` bigint not null, \`at\` bigint not null, \`actor_type\` text not null, \`actor_id\` text null, \`actor_name\` text null, \`on_behalf_of\` text null, \`action\` text not null, \`target_type\` text null, \`target_id\` text null, \`before\` longtext null, \`after\` longtext null, \`details\` longtext null, \`ip\` text null, \`prev_hash\` text not null, \`hash\` text not null);`);
    this.addSql(`create unique index \`audit_log_seq_unique\` on \`audit_log\` (\`seq\`);`);
    this.addSql(`create index \`audit_log_at_index\` on \`audit_log\` (\`at\`);`);
    this.addSql(`create index \`audit_log_target_type_target_id_index\` on \`audit_log\` (\`target_type\`, \`target_id\`);`);
    this.addSql(`create index \`audit_log_action_id_index\` on \`audit_log\` (\`action\`, \`id\`);`);
    this.addSql(`create index \`audit_log_actor_id_id_index\` on \`audit_log\` (\`actor_id\`, \`id\`);`);

    this.addSql(`create table \`auth_session\` (\`id\` integer not null primary key autoincrement, \`token_hash\` text not null, \`user_id\` bigint not null, \`created_at\` bigint not null, \`expires_at\` bigint not null, \`revoked_at\` bigint null, \`ip\` text null, \`user_agent\` text null);`);
    this.addSql(`create unique index \`auth_session_token_hash_unique\` on \`auth_session\` (\`token_hash\`);`);
    this.addSql(`create index \`auth_session_user_id_index\` on \`auth_session\` (\`user_id\`);`);
    this.addSql(`create index \`auth_session_expires_at_index\` on \`auth_session\` (\`expires_at\`);`);

    this.addSql(`create table \`delegation\` (\`id\` integer not null primary key autoincrement, \`delegator_id\` text not null, \`delegate_id\` text not null, \`starts_at\` bigint not null, \`ends_at\` bigint not null, \`reason\` text null, \`created_by\` text null, \`created_at\` bigint not null, \`revoked_at\` bigint null);`);
    this.addSql(`create index \`delegation_delegator_id_ends_at_index\` on \`delegation\` (\`delegator_id\`, \`ends_at\`);`);
    this.addSql(`create index \`delegation_delegate_id_ends_at_index\` on \`delegation\` (\`delegate_id\`, \`ends_at\`);`);

    this.addSql(`create table \`objection\` (\`id\` integer not null primary key autoincrement, \`employee_id\` text not null, \`kind\` text not null, \`subject_type\` text not null, \`subject_id\` text null, \`text\` text not null, \`status\` text not null, \`hrbp_id\` text null, \`task_id\` bigint null, \`response\` text null, \`responded_by\` text null, \`created_at\` bigint not null, \`resolved_at\` bigint null);`);
    this.addSql(`create index \`objection_employee_id_id_index\` on \`objection\` (\`employee_id\`, \`id\`);`);

    this.addSql(`create table \`setting\` (\`key\` text not null, \`value\` longtext not null, \`updated_at\` bigint not null, \`updated_by\` text null, primary key (\`key\`));`);

    this.addSql(`create table \`sign_in_failure\` (\`id\` integer not null primary key autoincrement, \`bucket\` text not null, \`at\` bigint not null);`);
    this.addSql(`create index \`sign_in_failure_bucket_at_index\` on \`sign_in_failure\` (\`bucket\`, \`at\`);`);

    this.addSql(`create table \`user\` (\`id\` integer not null primary key autoincrement, \`email\` text not null, \`name\` text not null, \`employee_id\` text null, \`roles\` longtext not null, \`locale\` text not null default 'zh-CN', \`password_hash\` text null, \`status\` text not null default 'active', \`created_at\` bigint not null, \`updated_at\` bigint not null, \`last_sign_in_at\` bigint null);`);
    this.addSql(`create unique index \`user_email_unique\` on \`user\` (\`email\`);`);
    this.addSql(`create index \`user_employee_id_index\` on \`user\` (\`employee_id\`);`);

    this.addSql(`create table \`work_item_event\` (\`id\` integer not null primary key autoincrement, \`item_type\` text not null, \`item_id\` bigint not null, \`at\` bigint not null, \`type\` text not null, \`actor_id\` text null, \`on_behalf_of\` text null, \`from_id\` text null, \`to_id\` text null, \`detail\` longtext null);`);
    this.addSql(`create index \`work_item_event_item_type_item_id_index\` on \`work_item_event\` (\`item_type\`, \`item_id\`);`);

    this.addSql(`alter table \`approval\` add column \`escalated_to\` text null;`);
    this.addSql(`alter table \`approval\` add column \`escalation_level\` integer not null default 0;`);
    this.addSql(`alter table \`approval\` add column \`escalated_at\` bigint null;`);
    this.addSql(`alter table \`approval\` add column \`reminded_at\` bigint null;`);
    this.addSql(`alter table \`approval\` add column \`notified_at\` bigint null;`);

    this.addSql(`alter table \`notification\` add column \`kind\` text null;`);
    this.addSql(`alter table \`notification\` add column \`locale\` text null;`);
    this.addSql(`alter table \`notification\` add column \`address\` text null;`);
    this.addSql(`alter table \`notification\` add column \`last_error\` text null;`);
    this.addSql(`alter table \`notification\` add column \`next_attempt_at\` bigint null;`);
    this.addSql(`alter table \`notification\` add column \`sent_at\` bigint null;`);
    this.addSql(`alter table \`notification\` add column \`dedupe_key\` text null;`);
    this.addSql(`alter table \`notification\` add column \`payload\` longtext null;`);
    this.addSql(`create unique index \`notification_dedupe_key_unique\` on \`notification\` (\`dedupe_key\`);`);
    this.addSql(`create index \`notification_status_next_attempt_at_index\` on \`notification\` (\`status\`, \`next_attempt_at\`);`);

    this.addSql(`alter table \`task\` add column \`kind\` text not null default 'workflow';`);
    this.addSql(`alter table \`task\` add column \`claimed_by\` text null;`);
    this.addSql(`alter table \`task\` add column \`claimed_at\` bigint null;`);
    this.addSql(`alter table \`task\` add column \`on_behalf_of\` text null;`);
    this.addSql(`alter table \`task\` add column \`escalated_to\` text null;`);
    this.addSql(`alter table \`task\` add column \`escalation_level\` integer not null default 0;`);
    this.addSql(`alter table \`task\` add column \`escalated_at\` bigint null;`);
    this.addSql(`alter table \`task\` add column \`reminded_at\` bigint null;`);
    this.addSql(`alter table \`task\` add column \`notified_at\` bigint null;`);

  }

}
