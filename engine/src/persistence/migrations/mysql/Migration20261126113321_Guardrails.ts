import { Migration } from '@mikro-orm/migrations';

export class Migration20261126113321_Guardrails extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`backtest\` (\`id\` bigint unsigned not null auto_increment primary key, \`status\` varchar(16) not null, \`progress\` double not null default 0, \`workflow_id\` int null, \`params\` longtext not null, \`result\` longtext null, \`error\` longtext null, \`cancel_requested\` tinyint(1) not null default false, \`runner\` varchar(120) null, \`created_by\` varchar(200) null, \`created_at\` bigint not null, \`started_at\` bigint null, \`updated_at\` bigint not null, \`finished_at\` bigint null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`backtest\` add index \`backtest_status_id_index\`(\`status\`, \`id\`);`);
    this.addSql(`alter table \`backtest\` add index \`backtest_workflow_id_id_index\`(\`workflow_id\`, \`id\`);`);
    this.addSql(`create table \`held_run\` (\`run_id\` bigint unsigned not null, \`workflow_id\` int not null, \`event_id\` bigint not null, \`employee_id\` varchar(64) null, \`team_id\` varchar(64) null, \`context\` longtext not null, \`filter\` longtext null, \`reason\` longtext not null, \`status\` varchar(16) not null, \`created_at\` bigint not null, \`decided_at\` bigint null, \`decided_by\` varchar(200) null, primary key (\`run_id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`held_run\` add index \`held_run_workflow_id_status_run_id_index\`(\`workflow_id\`, \`status\`, \`run_id\`);`);
    this.addSql(`alter table \`held_run\` add index \`held_run_status_run_id_index\`(\`status\`, \`run_id\`);`);
    this.addSql(`create table \`load_cap_week\` (\`workflow_id\` int unsigned not null, \`node_id\` varchar(100) not null, \`assignee_id\` varchar(64) not null, \`week\` varchar(10) not null, \`received\` int not null default 0, primary key (\`workflow_id\`, \`node_id\`, \`assignee_id\`, \`week\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`create table \`task_load\` (\`task_id\` bigint unsigned not null, \`run_id\` bigint not null, \`workflow_id\` int not null, \`node_id\` varchar(100) not null, \`assignee_id\` varchar(64) not null, \`status\` varchar(16) not null, \`severity\` double not null, \`per_week\` int not null, \`max_open\` int null, \`week\` varchar(10) null, \`queued_at\` bigint null, \`released_at\` bigint null, \`created_at\` bigint not null, primary key (\`task_id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`task_load\` add index \`task_load_status_assignee_id_index\`(\`status\`, \`assignee_id\`);`);
    this.addSql(`alter table \`task_load\` add index \`task_load_assignee_id_status_index\`(\`assignee_id\`, \`status\`);`);
    this.addSql(`alter table \`task_load\` add index \`task_load_workflow_id_node_id_assignee_id_status_index\`(\`workflow_id\`, \`node_id\`, \`assignee_id\`, \`status\`);`);
    this.addSql(`create table \`workflow_guard\` (\`workflow_id\` int unsigned not null, \`limits\` longtext null, \`paused\` tinyint(1) not null default false, \`paused_at\` bigint null, \`pause_reason\` longtext null, \`resumed_at\` bigint null, \`updated_at\` bigint not null, \`updated_by\` varchar(200) null, primary key (\`workflow_id\`)) default character set utf8mb4 engine = InnoDB;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`backtest\`;`);
    this.addSql(`drop table if exists \`held_run\`;`);
    this.addSql(`drop table if exists \`load_cap_week\`;`);
    this.addSql(`drop table if exists \`task_load\`;`);
    this.addSql(`drop table if exists \`workflow_guard\`;`);
  }

}
