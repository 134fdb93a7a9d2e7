import { Migration } from '@mikro-orm/migrations';

/**
 * Directory history (employee_version, see signals/directory-history.ts). Hand-written. Backfill:
 * every employee's current state, valid from their last directory change (`updated_at`) — what is
 * known of them; earlier events fall back to today's directory in a backtest.
 */
export class Migration20261126134500_DirectoryHistory extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`employee_version\` (\`employee_id\` text not null, \`valid_from\` bigint not null, \`valid_to\` bigint null, \`status\` text not null, \`manager_id\` text null, \`department_id\` text null, \`team_id\` text null, \`hrbp_id\` text null, \`job_family\` text null, \`level\` text null, \`location\` text null, primary key (\`employee_id\`, \`valid_from\`));`);
    this.addSql(`insert into \`employee_version\` (\`employee_id\`, \`valid_from\`, \`valid_to\`, \`status\`, \`manager_id\`, \`department_id\`, \`team_id\`, \`hrbp_id\`, \`job_family\`, \`level\`, \`location\`) select \`id\`, \`updated_at\`, null, \`status\`, \`manager_id\`, \`department_id\`, \`team_id\`, \`hrbp_id\`, \`job_family\`, \`level\`, \`location\` from \`employee\`;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`employee_version\`;`);
  }

}
