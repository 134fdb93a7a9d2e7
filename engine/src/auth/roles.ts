/** Roles and the signed-in principal (a user, or a system's API token). */
export const ROLES = ['hr_admin', 'it_admin', 'manager', 'executive', 'employee'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Roles an API token may carry: tokens belong to systems, not people, so no reporting line or "self". */
export const TOKEN_ROLES: readonly Role[] = ['hr_admin', 'it_admin', 'executive'];

export interface Principal {
  kind: 'user' | 'token';
  /** User id or token id. */
  id: number;
  name: string;
  email: string | null;
  /** The directory employee this user is (null for tokens and unlinked admins). */
  employeeId: string | null;
  roles: Role[];
  locale: 'zh-CN' | 'en';
  /** Tokens only: route groups (OpenAPI tags) it may call; null = all its roles allow. */
  groups: string[] | null;
  /** Users only: the session this request came with. */
  sessionId: number | null;
}
