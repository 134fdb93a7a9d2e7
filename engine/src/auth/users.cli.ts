/**
 * `engine users …` — user administration from the command line (the first admin, before anyone can sign in):
 *   engine users create --email a@b.c --password '…' --roles hr_admin,it_admin [--employee E0001] [--name …] [--locale en]
 *   engine users list
 * The password may also come from COACHFLOW_USER_PASSWORD (keeps it out of the process list).
 */
import { UserError } from '@coachflow/model';
import type { Services } from '../app/services.js';

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

export async function usersCommand(services: Services, args: string[]): Promise<unknown> {
  const [sub] = args;
  if (sub === 'list') return (await services.auth.listUsers()).map(({ id, email, roles, employeeId, status }) => ({ id, email, roles, employeeId, status }));
  if (sub === 'create') {
    const email = flag(args, 'email');
    const password = flag(args, 'password') ?? process.env.COACHFLOW_USER_PASSWORD;
    const roles = (flag(args, 'roles') ?? '').split(',').map((r) => r.trim()).filter(Boolean);
    if (!email || !password || roles.length === 0) throw UserError.badRequest('USAGE', 'usage: engine users create --email E --password P --roles hr_admin[,it_admin,…] [--employee E0001] [--name N] [--locale zh-CN|en]');
    const employeeId = flag(args, 'employee');
    const name = flag(args, 'name');
    const locale = flag(args, 'locale');
    const user = await services.auth.createUser(
      { email, password, roles, ...(employeeId ? { employeeId } : {}), ...(name ? { name } : {}), ...(locale === 'en' || locale === 'zh-CN' ? { locale } : {}) },
      { type: 'system', id: null, name: 'cli' },
    );
    return { created: { id: user.id, email: user.email, roles: user.roles, employeeId: user.employeeId } };
  }
  throw UserError.badRequest('USAGE', 'usage: engine users create|list …');
}
