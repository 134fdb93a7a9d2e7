import { Migration } from '@mikro-orm/migrations';

export class Migration20261126103649_Initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`action_call\` (\`id\` integer not null primary key autoincrement, \`run_id\` bigint not null, \`node_id\` text not null, \`step_seq\` integer not null, \`connector\` text not null, \`action\` text not null, \`input\` longtext not null, \`attempt\` integer not null, \`idempotency_key\` text not null, \`timeout_ms\` integer not null, \`status\` text not null, \`dispatches\` integer not null default 0, \`lease_until\` bigint null, \`result\` longtext null, \`created_at\` bigint not null, \`finished_at\` bigint null);`);
    this.addSql(`create index \`action_call_status_lease_until_index\` on \`action_call\` (\`status\`, \`lease_until\`);`);
    this.addSql(`create index \`action_call_run_id_index\` on \`action_call\` (\`run_id\`);`);

    this.addSql(`create table \`approval\` (\`id\` integer not null primary key autoincrement, \`run_id\` bigint not null, \`workflow_id\` integer not null, \`node_id\` text not null, \`step_seq\` integer not null, \`employee_id\` text null, \`title\` text not null, \`description\` text null, \`mode\` text not null, \`quorum\` integer null, \`approvers\` longtext not null, \`decisions\` longtext not null, \`status\` text not null, \`sla_ms\` bigint null, \`escalate_to\` longtext null, \`evidence\` longtext null, \`created_at\` bigint not null, \`decided_at\` bigint null);`);
    this.addSql(`create index \`approval_status_index\` on \`approval\` (\`status\`);`);
    this.addSql(`create index \`approval_run_id_index\` on \`approval\` (\`run_id\`);`);

    this.addSql(`create table \`employee\` (\`id\` text not null, \`name\` text not null, \`email\` text null, \`job_family\` text null, \`level\` text null, \`location\` text null, \`status\` text not null default 'active', \`manager_id\` text null, \`department_id\` text null, \`team_id\` text null, \`hrbp_id\` text null, \`locale\` text not null default 'zh-CN', \`extra\` longtext null, \`updated_at\` bigint not null, primary key (\`id\`));`);
    this.addSql(`create index \`employee_manager_id_index\` on \`employee\` (\`manager_id\`);`);
    this.addSql(`create index \`employee_team_id_index\` on \`employee\` (\`team_id\`);`);

    this.addSql(`create table \`event\` (\`id\` integer not null primary key autoincrement, \`type\` text not null, \`idempotency_key\` text not null, \`payload\` longtext not null, \`occurred_at\` bigint not null, \`received_at\` bigint not null, \`run_count\` integer not null default 0);`);
    this.addSql(`create unique index \`event_idempotency_key_unique\` on \`event\` (\`idempotency_key\`);`);
    this.addSql(`create index \`event_received_at_index\` on \`event\` (\`received_at\`);`);

    this.addSql(`create table \`lease\` (\`name\` text not null, \`owner\` text not null, \`expires_at\` bigint not null, primary key (\`name\`));`);

    this.addSql(`create table \`notification\` (\`id\` integer not null primary key autoincrement, \`run_id\` bigint null, \`node_id\` text null, \`channel\` text not null, \`recipient_id\` text null, \`title\` text not null, \`body\` text not null, \`status\` text not null, \`attempts\` integer not null default 0, \`created_at\` bigint not null, \`read_at\` bigint null);`);
    this.addSql(`create index \`notification_recipient_id_read_at_index\` on \`notification\` (\`recipient_id\`, \`read_at\`);`);
    this.addSql(`create index \`notification_status_id_index\` on \`notification\` (\`status\`, \`id\`);`);

    this.addSql(`create table \`run\` (\`id\` integer not null primary key autoincrement, \`workflow_id\` integer not null, \`version_id\` integer not null, \`version\` integer not null, \`event_id\` bigint not null, \`employee_id\` text null, \`status\` text not null, \`current_node\` text null, \`state\` longtext null, \`error\` longtext null, \`outcome\` text null, \`started_at\` bigint not null, \`updated_at\` bigint not null, \`finished_at\` bigint null);`);
    this.addSql(`create index \`run_event_id_index\` on \`run\` (\`event_id\`);`);
    this.addSql(`create index \`run_workflow_id_id_index\` on \`run\` (\`workflow_id\`, \`id\`);`);
    this.addSql(`create index \`run_status_id_index\` on \`run\` (\`status\`, \`id\`);`);
    this.addSql(`create index \`run_finished_at_index\` on \`run\` (\`finished_at\`);`);
    this.addSql(`create index \`run_employee_id_id_index\` on \`run\` (\`employee_id\`, \`id\`);`);

    this.addSql(`create table \`run_input\` (\`id\` integer not null primary key autoincrement, \`run_id\` bigint not null, \`type\` text not null, \`payload\` longtext not null, \`processed\` integer not null default false, \`created_at\` bigint not null);`);
    this.addSql(`create index \`run_input_run_id_processed_index\` on \`run_input\` (\`run_id\`, \`processed\`);`);
    this.addSql(`create index \`run_input_processed_created_at_index\` on \`run_input\` (\`processed\`, \`created_at\`);`);

    this.addSql(`create table \`step\` (\`id\` integer not null primary key autoincrement, \`run_id\` bigint not null, \`seq\` integer not null, \`node_id\` text not null, \`kind\` text not null, \`status\` text not null, \`attempt\` integer not null default 1, \`input\` longtext null, \`output\` longtext null, \`error\` longtext null, \`handle\` text null, \`evaluations\` longtext null, \`started_at\` bigint not null, \`finished_at\` bigint null);`);
    this.addSql(`create unique index \`step_run_id_seq_unique\` on \`step\` (\`run_id\`, \`seq\`);`);

    this.addSql(`create table \`task\` (\`id\` integer not null primary key autoincrement, \`run_id\` bigint not null, \`workflow_id\` integer not null, \`node_id\` text not null, \`step_seq\` integer not null, \`employee_id\` text null, \`title\` text not null, \`description\` text null, \`assignee_ref\` longtext not null, \`assignee_id\` text null, \`status\` text not null, \`priority\` text not null, \`form\` text null, \`evidence\` longtext null, \`result\` longtext null, \`completed_by\` text null, \`due_at\` bigint null, \`created_at\` bigint not null, \`completed_at\` bigint null);`);
    this.addSql(`create index \`task_assignee_id_status_index\` on \`task\` (\`assignee_id\`, \`status\`);`);
    this.addSql(`create index \`task_run_id_index\` on \`task\` (\`run_id\`);`);
    this.addSql(`create index \`task_status_due_at_index\` on \`task\` (\`status\`, \`due_at\`);`);

    this.addSql(`create table \`timer\` (\`id\` integer not null primary key autoincrement, \`run_id\` bigint not null, \`node_id\` text not null, \`step_seq\` integer not null, \`purpose\` text not null, \`fire_at\` bigint not null, \`fired\` integer not null default false, \`created_at\` bigint not null);`);
    this.addSql(`create index \`timer_fired_fire_at_index\` on \`timer\` (\`fired\`, \`fire_at\`);`);
    this.addSql(`create index \`timer_run_id_index\` on \`timer\` (\`run_id\`);`);

    this.addSql(`create table \`workflow\` (\`id\` integer not null primary key autoincrement, \`name\` text not null, \`description\` text null, \`definition\` longtext not null, \`revision\` integer not null default 1, \`trigger_type\` text null, \`published_version\` integer null, \`published_trigger_type\` text null, \`created_at\` bigint not null, \`updated_at\` bigint not null);`);
    this.addSql(`create index \`workflow_trigger_type_index\` on \`workflow\` (\`trigger_type\`);`);
    this.addSql(`create index \`workflow_published_trigger_type_index\` on \`workflow\` (\`published_trigger_type\`);`);

    this.addSql(`create table \`workflow_version\` (\`id\` integer not null primary key autoincrement, \`workflow_id\` integer not null, \`version\` integer not null, \`definition\` longtext not null, \`trigger_type\` text not null, \`note\` text null, \`published_at\` bigint not null);`);
    this.addSql(`create index \`workflow_version_workflow_id_index\` on \`workflow_version\` (\`workflow_id\`);`);
    this.addSql(`create unique index \`workflow_version_workflow_id_version_unique\` on \`workflow_version\` (\`workflow_id\`, \`version\`);`);
  }

}
