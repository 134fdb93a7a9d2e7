/** /api/v1/auth: sign-in, sign-out, who am I. */
import type { AppLocaleCode, Me, SignInResult, UserView } from './people.types';
import { request, type ApiContext } from './http';

/** 401 INVALID_CREDENTIALS on a wrong email or password; 429 (with `retryAfter`) when rate-limited. */
export function signIn(ctx: ApiContext, email: string, password: string): Promise<SignInResult> {
  return request(ctx, 'POST', '/auth/sign-in', { email, password }, { noAuthRedirect: true });
}

export function signOut(ctx: ApiContext): Promise<void> {
  return request(ctx, 'POST', '/auth/sign-out', undefined, { noAuthRedirect: true });
}

export function getMe(ctx: ApiContext): Promise<Me> {
  return request(ctx, 'GET', '/auth/me', undefined, { noAuthRedirect: true });
}

export function updateMe(ctx: ApiContext, body: { locale?: AppLocaleCode; currentPassword?: string; newPassword?: string }): Promise<UserView> {
  return request(ctx, 'PUT', '/auth/me', body);
}
