import { Migration } from '@mikro-orm/migrations';

export class Migration20261126113316_Guardrails extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`backtest\` (\`id\` integer not null primary key autoincrement, \`status\` text not null, \`progress\` double not null default 0, \`workflow_id\` integer null, \`params\` longtext not null, \`result\` longtext null, \`error\` longtext null, \`cancel_requested\` integer not null default false, \`runner\` text null, \`created_by\` text null, \`created_at\` bigint not null, \`started_at\` bigint null, \`updated_at\` bigint not null, \`finished_at\` bigint null);`);
    this.addSql(`create index \`backtest_status_id_index\` on \`backtest\` (\`status\`, \`id\`);`);
    this.addSql(`create index \`backtest_workflow_id_id_index\` on \`backtest\` (\`workflow_id\`, \`id\`);`);
    this.addSql(`create table \`held_run\` (\`run_id\` bigint not null, \`workflow_id\` integer not null, \`event_id\` bigint not null, \`employee_id\` text null, \`team_id\` text null, \`context\` longtext not null, \`filter\` longtext null, \`reason\` longtext not null, \`status\` text not null, \`created_at\` bigint not null, \`decided_at\` bigint null, \`decided_by\` text null, primary key (\`run_id\`));`);
    this.addSql(`create index \`held_run_workflow_id_status_run_id_index\` on \`held_run\` (\`workflow_id\`, \`status\`, \`run_id\`);`);
    this.addSql(`create index \`held_run_status_run_id_index\` on \`held_run\` (\`status\`, \`run_id\`);`);
    this.addSql(`create table \`load_cap_week\` (\`workflow_id\` integer not null, \`node_id\` text not null, \`assignee_id\` text not null, \`week\` text not null, \`received\` integer not null default 0, primary key (\`workflow_id\`, \`node_id\`, \`assignee_id\`, \`week\`));`);
    this.addSql(`create table \`task_load\` (\`task_id\` bigint not null, \`run_id\` bigint not null, \`workflow_id\` integer not null, \`node_id\` text not null, \`assignee_id\` text not null, \`status\` text not null, \`severity\` double not null, \`per_week\` integer not null, \`max_open\` integer null, \`week\` text null, \`queued_at\` bigint null, \`released_at\` bigint null, \`created_at\` bigint not null, primary key (\`task_id\`));`);
    this.addSql(`create index \`task_load_status_assignee_id_index\` on \`task_load\` (\`status\`, \`assignee_id\`);`);
    this.addSql(`create index \`task_load_assignee_id_status_index\` on \`task_load\` (\`assignee_id\`, \`status\`);`);
    this.addSql(`create index \`task_load_workflow_id_node_id_assignee_id_status_index\` on \`task_load\` (\`workflow_id\`, \`node_id\`, \`assignee_id\`, \`status\`);`);
    this.addSql(`create table \`workflow_guard\` (\`workflow_id\` integer not null, \`limits\` longtext null, \`paused\` integer not null default false, \`paused_at\` bigint null, \`pause_reason\` longtext null, \`resumed_at\` bigint null, \`updated_at\` bigint not null, \`updated_by\` text null, primary key (\`workflow_id\`));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`backtest\`;`);
    this.addSql(`drop table if exists \`held_run\`;`);
    this.addSql(`drop table if exists \`load_cap_week\`;`);
    this.addSql(`drop table if exists \`task_load\`;`);
    this.addSql(`drop table if exists \`workflow_guard\`;`);
  }

}
