import { Migration } from '@mikro-orm/migrations';

export class Migration20261126103802_Signals extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`coaching_record\` (\`id\` varchar(64) not null, \`template\` varchar(16) not null, \`employee_id\` varchar(64) not null, \`manager_id\` varchar(64) not null, \`date\` varchar(10) not null, \`region\` varchar(32) null, \`department_id\` varchar(64) null, \`objective_id\` varchar(64) null, \`data\` longtext not null, \`conclusions\` longtext not null, \`obstacle_themes\` longtext null, \`source\` varchar(16) not null, \`task_id\` bigint null, \`issues\` longtext null, \`created_at\` bigint not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`coaching_record\` add index \`coaching_record_employee_id_date_index\`(\`employee_id\`, \`date\`);`);
    this.addSql(`alter table \`coaching_record\` add index \`coaching_record_date_index\`(\`date\`);`);
    this.addSql(`alter table \`coaching_record\` add index \`coaching_record_task_id_index\`(\`task_id\`);`);

    this.addSql(`create table \`data_import\` (\`id\` bigint unsigned not null auto_increment primary key, \`kind\` varchar(32) not null, \`format\` varchar(8) not null, \`mode\` varchar(16) null, \`status\` varchar(24) not null, \`actor\` varchar(64) null, \`summary\` longtext null, \`errors\` longtext null, \`plan\` longtext null, \`change_share\` double null, \`max_change_share\` double null, \`created_at\` bigint not null, \`finished_at\` bigint null, \`decided_by\` varchar(64) null, \`decided_at\` bigint null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`data_import\` add index \`data_import_kind_id_index\`(\`kind\`, \`id\`);`);
    this.addSql(`alter table \`data_import\` add index \`data_import_status_index\`(\`status\`);`);

    this.addSql(`create table \`department\` (\`id\` varchar(64) not null, \`name\` varchar(200) not null, \`name_en\` varchar(200) null, \`head_id\` varchar(64) null, \`hrbp_id\` varchar(64) null, \`executive_id\` varchar(64) null, \`regions\` longtext null, \`status\` varchar(16) not null default 'active', \`updated_at\` bigint not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);

    this.addSql(`create table \`drift_analysis\` (\`id\` bigint unsigned not null auto_increment primary key, \`objective_id\` varchar(64) not null, \`period\` varchar(10) not null, \`drifting\` tinyint(1) not null, \`reasons\` longtext not null, \`measures\` longtext not null, \`trend\` longtext not null, \`threshold\` double not null, \`event_id\` bigint null, \`source\` varchar(16) not null, \`created_at\` bigint not null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`drift_analysis\` add index \`drift_analysis_objective_id_id_index\`(\`objective_id\`, \`id\`);`);

    this.addSql(`create table \`goal\` (\`id\` varchar(64) not null, \`kind\` varchar(16) not null, \`level\` varchar(16) null, \`title\` varchar(300) not null, \`objective_id\` varchar(64) null, \`parent_goal_id\` varchar(64) null, \`owner_id\` varchar(64) null, \`department_id\` varchar(64) null, \`team_id\` varchar(64) null, \`region\` varchar(32) null, \`weight\` double not null, \`target\` double not null, \`unit\` varchar(32) not null, \`start_period\` varchar(10) not null, \`deadline\` varchar(10) not null, \`status\` varchar(16) not null default 'active', \`updated_at\` bigint not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`goal\` add index \`goal_objective_id_index\`(\`objective_id\`);`);
    this.addSql(`alter table \`goal\` add index \`goal_parent_goal_id_index\`(\`parent_goal_id\`);`);
    this.addSql(`alter table \`goal\` add index \`goal_owner_id_index\`(\`owner_id\`);`);

    this.addSql(`create table \`goal_progress\` (\`goal_id\` varchar(64) not null, \`period\` varchar(10) not null, \`progress\` double not null, \`updated_by\` varchar(64) null, \`updated_at\` bigint not null, primary key (\`goal_id\`, \`period\`)) default character set utf8mb4 engine = InnoDB;`);

    this.addSql(`create table \`kpi_definition\` (\`id\` varchar(64) not null, \`name\` varchar(200) not null, \`unit\` varchar(32) not null, \`period\` varchar(8) not null, \`direction\` varchar(24) not null, \`range\` longtext not null, \`overrides\` longtext null, \`updated_at\` bigint not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);

    this.addSql(`create table \`kpi_reading\` (\`employee_id\` varchar(64) not null, \`kpi_id\` varchar(64) not null, \`period\` varchar(10) not null, \`value\` double not null, \`target\` double null, \`import_id\` bigint null, \`received_at\` bigint not null, primary key (\`employee_id\`, \`kpi_id\`, \`period\`)) default character set utf8mb4 engine = InnoDB;`);

    this.addSql(`create table \`kpi_streak\` (\`employee_id\` varchar(64) not null, \`kpi_id\` varchar(64) not null, \`last_period\` varchar(10) not null, \`direction\` varchar(8) null, \`length\` int not null, \`readings\` longtext null, \`fired_for_streak_start\` varchar(10) null, \`updated_at\` bigint not null, primary key (\`employee_id\`, \`kpi_id\`)) default character set utf8mb4 engine = InnoDB;`);

    this.addSql(`create table \`objective\` (\`id\` varchar(64) not null, \`title\` varchar(300) not null, \`title_en\` varchar(300) null, \`owner_ids\` longtext not null, \`region\` varchar(32) null, \`status\` varchar(16) not null default 'active', \`updated_at\` bigint not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);

    this.addSql(`create table \`pip\` (\`id\` varchar(64) not null, \`employee_id\` varchar(64) not null, \`status\` varchar(16) not null, \`reason\` text not null, \`start_date\` varchar(10) not null, \`planned_end_date\` varchar(10) null, \`end_date\` varchar(10) null, \`outcome\` varchar(16) null, \`exit_reason\` text null, \`source_record_id\` varchar(64) null, \`created_at\` bigint not null, \`updated_at\` bigint not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`pip\` add index \`pip_employee_id_status_index\`(\`employee_id\`, \`status\`);`);

    this.addSql(`create table \`team\` (\`id\` varchar(64) not null, \`name\` varchar(200) not null, \`name_en\` varchar(200) null, \`department_id\` varchar(64) null, \`manager_id\` varchar(64) null, \`hrbp_id\` varchar(64) null, \`region\` varchar(32) null, \`status\` varchar(16) not null default 'active', \`updated_at\` bigint not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`team\` add index \`team_department_id_index\`(\`department_id\`);`);

  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`coaching_record\`;`);

    this.addSql(`drop table if exists \`data_import\`;`);

    this.addSql(`drop table if exists \`department\`;`);

    this.addSql(`drop table if exists \`drift_analysis\`;`);

    this.addSql(`drop table if exists \`goal\`;`);

    this.addSql(`drop table if exists \`goal_progress\`;`);

    this.addSql(`drop table if exists \`kpi_definition\`;`);

    this.addSql(`drop table if exists \`kpi_reading\`;`);

    this.addSql(`drop table if exists \`kpi_streak\`;`);

    this.addSql(`drop table if exists \`objective\`;`);

    this.addSql(`drop table if exists \`pip\`;`);

    this.addSql(`drop table if exists \`team\`;`);

  }

}
