/** /api/v1/notifications: the signed-in person's in-app notifications. */
import type { CursorPage, NotificationView } from './people.types';
import { request, toQuery, type ApiContext } from './http';

export function listNotifications(ctx: ApiContext, query: { unread?: boolean; limit?: number; cursor?: string | null } = {}): Promise<CursorPage<NotificationView>> {
  return request(ctx, 'GET', `/notifications${toQuery({ unread: query.unread ? 'true' : undefined, limit: query.limit, cursor: query.cursor })}`);
}

export function unreadCount(ctx: ApiContext): Promise<{ unread: number }> {
  return request(ctx, 'GET', '/notifications/unread-count');
}

export function markRead(ctx: ApiContext, id: string): Promise<NotificationView> {
  return request(ctx, 'POST', `/notifications/${encodeURIComponent(id)}/read`);
}

export function markAllRead(ctx: ApiContext): Promise<{ marked: number }> {
  return request(ctx, 'POST', '/notifications/read-all');
}

/** The executive digest so far (strategy-drift signals per objective, aggregated). */
export function previewDigest(ctx: ApiContext, frequency: 'daily' | 'weekly' = 'weekly'): Promise<Digest> {
  return request(ctx, 'GET', `/digest${toQuery({ frequency })}`);
}

export interface DigestObjective {
  objectiveId: string;
  title: string;
  titleEn: string | null;
  signals: number;
  latestShare: number | null;
  threshold: number | null;
  trend: Array<{ period: string; goalsAtRiskShare: number }>;
  direction: 'worsening' | 'improving' | 'steady';
  regions: string[];
  reasons: string[];
  obstacleThemes: Array<{ theme: string; count: number }>;
  lastSignalAt: string;
}

export interface Digest {
  frequency: 'daily' | 'weekly';
  period: string;
  from: string;
  to: string;
  objectives: DigestObjective[];
}
