import { Migration } from '@mikro-orm/migrations';

export class Migration20261126103649_Initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`action_call\` (\`id\` bigint unsigned not null auto_increment primary key, \`run_id\` bigint not null, \`node_id\` varchar(100) not null, \`step_seq\` int not null, \`connector\` varchar(100) not null, \`action\` varchar(100) not null, \`input\` longtext not null, \`attempt\` int not null, \`idempotency_key\` varchar(200) not null, \`timeout_ms\` int not null, \`status\` varchar(16) not null, \`dispatches\` int not null default 0, \`lease_until\` bigint null, \`result\` longtext null, \`created_at\` bigint not null, \`finished_at\` bigint null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`action_call\` add index \`action_call_status_lease_until_index\`(\`status\`, \`lease_until\`);`);
    this.addSql(`alter table \`action_call\` add index \`action_call_run_id_index\`(\`run_id\`);`);

    this.addSql(`create table \`approval\` (\`id\` bigint unsigned not null auto_increment primary key, \`run_id\` bigint not null, \`workflow_id\` int not null, \`node_id\` varchar(100) not null, \`step_seq\` int not null, \`employee_id\` varchar(64) null, \`title\` varchar(500) not null, \`description\` text null, \`mode\` varchar(16) not null, \`quorum\` int null, \`approvers\` longtext not null, \`decisions\` longtext not null, \`status\` varchar(16) not null, \`sla_ms\` bigint null, \`escalate_to\` longtext null, \`evidence\` longtext null, \`created_at\` bigint not null, \`decided_at\` bigint null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`approval\` add index \`approval_status_index\`(\`status\`);`);
    this.addSql(`alter table \`approval\` add index \`approval_run_id_index\`(\`run_id\`);`);

    this.addSql(`create table \`employee\` (\`id\` varchar(64) not null, \`name\` varchar(200) not null, \`email\` varchar(200) null, \`job_family\` varchar(64) null, \`level\` varchar(16) null, \`location\` varchar(100) null, \`status\` varchar(16) not null default 'active', \`manager_id\` varchar(64) null, \`department_id\` varchar(64) null, \`team_id\` varchar(64) null, \`hrbp_id\` varchar(64) null, \`locale\` varchar(8) not null default 'zh-CN', \`extra\` longtext null, \`updated_at\` bigint not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`employee\` add index \`employee_manager_id_index\`(\`manager_id\`);`);
    this.addSql(`alter table \`employee\` add index \`employee_team_id_index\`(\`team_id\`);`);

    this.addSql(`create table \`event\` (\`id\` bigint unsigned not null auto_increment primary key, \`type\` varchar(64) not null, \`idempotency_key\` varchar(200) not null, \`payload\` longtext not null, \`occurred_at\` bigint not null, \`received_at\` bigint not null, \`run_count\` int not null default 0) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`event\` add unique \`event_idempotency_key_unique\`(\`idempotency_key\`);`);
    this.addSql(`alter table \`event\` add index \`event_received_at_index\`(\`received_at\`);`);

    this.addSql(`create table \`lease\` (\`name\` varchar(64) not null, \`owner\` varchar(128) not null, \`expires_at\` bigint not null, primary key (\`name\`)) default character set utf8mb4 engine = InnoDB;`);

    this.addSql(`create table \`notification\` (\`id\` bigint unsigned not null auto_increment primary key, \`run_id\` bigint null, \`node_id\` varchar(100) null, \`channel\` varchar(16) not null, \`recipient_id\` varchar(64) null, \`title\` varchar(500) not null, \`body\` text not null, \`status\` varchar(16) not null, \`attempts\` int not null default 0, \`created_at\` bigint not null, \`read_at\` bigint null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`notification\` add index \`notification_recipient_id_read_at_index\`(\`recipient_id\`, \`read_at\`);`);
    this.addSql(`alter table \`notification\` add index \`notification_status_id_index\`(\`status\`, \`id\`);`);

    this.addSql(`create table \`run\` (\`id\` bigint unsigned not null auto_increment primary key, \`workflow_id\` int not null, \`version_id\` int not null, \`version\` int not null, \`event_id\` bigint not null, \`employee_id\` varchar(64) null, \`status\` varchar(16) not null, \`current_node\` varchar(100) null, \`state\` longtext null, \`error\` longtext null, \`outcome\` varchar(200) null, \`started_at\` bigint not null, \`updated_at\` bigint not null, \`finished_at\` bigint null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`run\` add index \`run_event_id_index\`(\`event_id\`);`);
    this.addSql(`alter table \`run\` add index \`run_workflow_id_id_index\`(\`workflow_id\`, \`id\`);`);
    this.addSql(`alter table \`run\` add index \`run_status_id_index\`(\`status\`, \`id\`);`);
    this.addSql(`alter table \`run\` add index \`run_finished_at_index\`(\`finished_at\`);`);
    this.addSql(`alter table \`run\` add index \`run_employee_id_id_index\`(\`employee_id\`, \`id\`);`);

    this.addSql(`create table \`run_input\` (\`id\` bigint unsigned not null auto_increment primary key, \`run_id\` bigint not null, \`type\` varchar(32) not null, \`payload\` longtext not null, \`processed\` tinyint(1) not null default false, \`created_at\` bigint not null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`run_input\` add index \`run_input_run_id_processed_index\`(\`run_id\`, \`processed\`);`);
    this.addSql(`alter table \`run_input\` add index \`run_input_processed_created_at_index\`(\`processed\`, \`created_at\`);`);

    this.addSql(`create table \`step\` (\`id\` bigint unsigned not null auto_increment primary key, \`run_id\` bigint not null, \`seq\` int not null, \`node_id\` varchar(100) not null, \`kind\` varchar(32) not null, \`status\` varchar(16) not null, \`attempt\` int not null default 1, \`input\` longtext null, \`output\` longtext null, \`error\` longtext null, \`handle\` varchar(100) null, \`evaluations\` longtext null, \`started_at\` bigint not null, \`finished_at\` bigint null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`step\` add unique \`step_run_id_seq_unique\`(\`run_id\`, \`seq\`);`);

    this.addSql(`create table \`task\` (\`id\` bigint unsigned not null auto_increment primary key, \`run_id\` bigint not null, \`workflow_id\` int not null, \`node_id\` varchar(100) not null, \`step_seq\` int not null, \`employee_id\` varchar(64) null, \`title\` varchar(500) not null, \`description\` text null, \`assignee_ref\` longtext not null, \`assignee_id\` varchar(64) null, \`status\` varchar(16) not null, \`priority\` varchar(16) not null, \`form\` varchar(32) null, \`evidence\` longtext null, \`result\` longtext null, \`completed_by\` varchar(64) null, \`due_at\` bigint null, \`created_at\` bigint not null, \`completed_at\` bigint null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`task\` add index \`task_assignee_id_status_index\`(\`assignee_id\`, \`status\`);`);
    this.addSql(`alter table \`task\` add index \`task_run_id_index\`(\`run_id\`);`);
    this.addSql(`alter table \`task\` add index \`task_status_due_at_index\`(\`status\`, \`due_at\`);`);

    this.addSql(`create table \`timer\` (\`id\` bigint unsigned not null auto_increment primary key, \`run_id\` bigint not null, \`node_id\` varchar(100) not null, \`step_seq\` int not null, \`purpose\` varchar(16) not null, \`fire_at\` bigint not null, \`fired\` tinyint(1) not null default false, \`created_at\` bigint not null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`timer\` add index \`timer_fired_fire_at_index\`(\`fired\`, \`fire_at\`);`);
    this.addSql(`alter table \`timer\` add index \`timer_run_id_index\`(\`run_id\`);`);

    this.addSql(`create table \`workflow\` (\`id\` int unsigned not null auto_increment primary key, \`name\` varchar(200) not null, \`description\` text null, \`definition\` longtext not null, \`revision\` int not null default 1, \`trigger_type\` varchar(64) null, \`published_version\` int null, \`published_trigger_type\` varchar(64) null, \`created_at\` bigint not null, \`updated_at\` bigint not null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`workflow\` add index \`workflow_trigger_type_index\`(\`trigger_type\`);`);
    this.addSql(`alter table \`workflow\` add index \`workflow_published_trigger_type_index\`(\`published_trigger_type\`);`);

    this.addSql(`create table \`workflow_version\` (\`id\` int unsigned not null auto_increment primary key, \`workflow_id\` int not null, \`version\` int not null, \`definition\` longtext not null, \`trigger_type\` varchar(64) not null, \`note\` text null, \`published_at\` bigint not null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`workflow_version\` add index \`workflow_version_workflow_id_index\`(\`workflow_id\`);`);
    this.addSql(`alter table \`workflow_version\` add unique \`workflow_version_workflow_id_version_unique\`(\`workflow_id\`, \`version\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`action_call\`;`);

    this.addSql(`drop table if exists \`approval\`;`);

    this.addSql(`drop table if exists \`employee\`;`);

    this.addSql(`drop table if exists \`event\`;`);

    this.addSql(`drop table if exists \`lease\`;`);

    this.addSql(`drop table if exists \`notification\`;`);

    this.addSql(`drop table if exists \`run\`;`);

    this.addSql(`drop table if exists \`run_input\`;`);

    this.addSql(`drop table if exists \`step\`;`);

    this.addSql(`drop table if exists \`task\`;`);

    this.addSql(`drop table if exists \`timer\`;`);

    this.addSql(`drop table if exists \`workflow\`;`);

    this.addSql(`drop table if exists \`workflow_version\`;`);
  }

}
