import { Migration } from '@mikro-orm/migrations';

export class Migration20261126103802_Signals extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`coaching_record\` (\`id\` text not null, \`template\` text not null, \`employee_id\` text not null, \`manager_id\` text not null, \`date\` text not null, \`region\` text null, \`department_id\` text null, \`objective_id\` text null, \`data\` longtext not null, \`conclusions\` longtext not null, \`obstacle_themes\` longtext null, \`source\` text not null, \`task_id\` bigint null, \`issues\` longtext null, \`created_at\` bigint not null, primary key (\`id\`));`);
    this.addSql(`create index \`coaching_record_employee_id_date_index\` on \`coaching_record\` (\`employee_id\`, \`date\`);`);
    this.addSql(`create index \`coaching_record_date_index\` on \`coaching_record\` (\`date\`);`);
    this.addSql(`create index \`coaching_record_task_id_index\` on \`coaching_record\` (\`task_id\`);`);

    this.addSql(`create table \`data_import\` (\`id\` integer not null primary key autoincrement, \`kind\` text not null, \`format\` text not null, \`mode\` text null, \`status\` text not null, \`actor\` text null, \`summary\` longtext null, \`errors\` longtext null, \`plan\` longtext null, \`change_share\` double null, \`max_change_share\` double null, \`created_at\` bigint not null, \`finished_at\` bigint null, \`decided_by\` text null, \`decided_at\` bigint null);`);
    this.addSql(`create index \`data_import_kind_id_index\` on \`data_import\` (\`kind\`, \`id\`);`);
    this.addSql(`create index \`data_import_status_index\` on \`data_import\` (\`status\`);`);

    this.addSql(`create table \`department\` (\`id\` text not null, \`name\` text not null, \`name_en\` text null, \`head_id\` text null, \`hrbp_id\` text null, \`executive_id\` text null, \`regions\` longtext null, \`status\` text not null default 'active', \`updated_at\` bigint not null, primary key (\`id\`));`);

    this.addSql(`create table \`drift_analysis\` (\`id\` integer not null primary key autoincrement, \`objective_id\` text not null, \`period\` text not null, \`drifting\` integer not null, \`reasons\` longtext not null, \`measures\` longtext not null, \`trend\` longtext not null, \`threshold\` double not null, \`event_id\` bigint null, \`source\` text not null, \`created_at\` bigint not null);`);
    this.addSql(`create index \`drift_analysis_objective_id_id_index\` on \`drift_analysis\` (\`objective_id\`, \`id\`);`);

    this.addSql(`create table \`goal\` (\`id\` text not null, \`kind\` text not null, \`level\` text null, \`title\` text not null, \`objective_id\` text null, \`parent_goal_id\` text null, \`owner_id\` text null, \`department_id\` text null, \`team_id\` text null, \`region\` text null, \`weight\` double not null, \`target\` double not null, \`unit\` text not null, \`start_period\` text not null, \`deadline\` text not null, \`status\` text not null default 'active', \`updated_at\` bigint not null, primary key (\`id\`));`);
    this.addSql(`create index \`goal_objective_id_index\` on \`goal\` (\`objective_id\`);`);
    this.addSql(`create index \`goal_parent_goal_id_index\` on \`goal\` (\`parent_goal_id\`);`);
    this.addSql(`create index \`goal_owner_id_index\` on \`goal\` (\`owner_id\`);`);

    this.addSql(`create table \`goal_progress\` (\`goal_id\` text not null, \`period\` text not null, \`progress\` double not null, \`updated_by\` text null, \`updated_at\` bigint not null, primary key (\`goal_id\`, \`period\`));`);

    this.addSql(`create table \`kpi_definition\` (\`id\` text not null, \`name\` text not null, \`unit\` text not null, \`period\` text not null, \`direction\` text not null, \`range\` longtext not null, \`overrides\` longtext null, \`updated_at\` bigint not null, primary key (\`id\`));`);

    this.addSql(`create table \`kpi_reading\` (\`employee_id\` text not null, \`kpi_id\` text not null, \`period\` text not null, \`value\` double not null, \`target\` double null, \`import_id\` bigint null, \`received_at\` bigint not null, primary key (\`employee_id\`, \`kpi_id\`, \`period\`));`);

    this.addSql(`create table \`kpi_streak\` (\`employee_id\` text not null, \`kpi_id\` text not null, \`last_period\` text not null, \`direction\` text null, \`length\` integer not null, \`readings\` longtext null, \`fired_for_streak_start\` text null, \`updated_at\` bigint not null, primary key (\`employee_id\`, \`kpi_id\`));`);

    this.addSql(`create table \`objective\` (\`id\` text not null, \`title\` text not null, \`title_en\` text null, \`owner_ids\` longtext not null, \`region\` text null, \`status\` text not null default 'active', \`updated_at\` bigint not null, primary key (\`id\`));`);

    this.addSql(`create table \`pip\` (\`id\` text not null, \`employee_id\` text not null, \`status\` text not null, \`reason\` text not null, \`start_date\` text not null, \`planned_end_date\` text null, \`end_date\` text null, \`outcome\` text null, \`exit_reason\` text null, \`source_record_id\` text null, \`created_at\` bigint not null, \`updated_at\` bigint not null, primary key (\`id\`));`);
    this.addSql(`create index \`pip_employee_id_status_index\` on \`pip\` (\`employee_id\`, \`status\`);`);

    this.addSql(`create table \`team\` (\`id\` text not null, \`name\` text not null, \`name_en\` text null, \`department_id\` text null, \`manager_id\` text null, \`hrbp_id\` text null, \`region\` text null, \`status\` text not null default 'active', \`updated_at\` bigint not null, primary key (\`id\`));`);
    this.addSql(`create index \`team_department_id_index\` on \`team\` (\`department_id\`);`);

  }

}
