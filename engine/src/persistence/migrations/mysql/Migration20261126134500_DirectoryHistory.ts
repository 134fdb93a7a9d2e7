import { Migration } from '@mikro-orm/migrations';

/**
 * Directory history (employee_version, see signals/directory-history.ts). Hand-written. Backfill:
 * every employee's current state, valid from their last directory change (`updated_at`) — what is
 * known of them; earlier events fall back to today's directory in a backtest.
 */
export class Migration20261126134500_DirectoryHistory extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`employee_version\` (\`employee_id\` varchar(64) not null, \`valid_from\` bigint not null, \`valid_to\` bigint null, \`status\` varchar(16) not null, \`manager_id\` varchar(64) null, \`department_id\` varchar(64) null, \`team_id\` varchar(64) null, \`hrbp_id\` varchar(64) null, \`job_family\` varchar(64) null, \`level\` varchar(16) null, \`location\` varchar(100) null, primary key (\`employee_id\`, \`valid_from\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`insert into \`employee_version\` (\`employee_id\`, \`valid_from\`, \`valid_to\`, \`status\`, \`manager_id\`, \`department_id\`, \`team_id\`, \`hrbp_id\`, \`job_family\`, \`level\`, \`location\`) select \`id\`, \`updated_at\`, null, \`status\`, \`manager_id\`, \`department_id\`, \`team_id\`, \`hrbp_id\`, \`job_family\`, \`level\`, \`location\` from \`employee\`;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`employee_version\`;`);
  }

}
