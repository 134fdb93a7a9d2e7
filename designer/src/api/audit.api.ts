/** /api/v1/audit: the tamper-evident audit log (hr_admin, it_admin). */
import type { AuditQuery, AuditRecord, ChainVerification, CursorPage } from './people.types';
import { request, toQuery, type ApiContext } from './http';

export function listAudit(ctx: ApiContext, q: AuditQuery = {}): Promise<CursorPage<AuditRecord>> {
  return request(
    ctx,
    'GET',
    `/audit${toQuery({
      action: q.action,
      actionPrefix: q.actionPrefix,
      actorType: q.actorType,
      actorId: q.actorId,
      targetType: q.targetType,
      targetId: q.targetId,
      from: q.from,
      to: q.to,
      limit: q.limit,
      cursor: q.cursor,
    })}`,
  );
}

export function verifyAudit(ctx: ApiContext): Promise<ChainVerification> {
  return request(ctx, 'GET', '/audit/verify');
}
