/**
 * Finds the instance a reused `uuid` (error 60012) created: lists the definition's instance codes of
 * the last days (`GET /open-apis/approval/v4/instances`, batch ids) and reads each until one carries
 * the uuid. Bounded, because it only runs on the rare retry after a lost create answer.
 */
import type { ActionContext } from '@coachflow/connector-sdk';
import { feishuCall } from './feishu.client.js';

const WINDOW_MS = 7 * 24 * 3600 * 1000;
const MAX_SCANNED = 300;

export async function findInstanceByUuid(ctx: ActionContext, approvalCode: string, uuid: string): Promise<string | null> {
  const end = Date.now() + 60_000;
  const start = end - WINDOW_MS;
  let pageToken = '';
  let scanned = 0;
  for (;;) {
    const q = new URLSearchParams({ approval_code: approvalCode, start_time: String(start), end_time: String(end), page_size: '100' });
    if (pageToken) q.set('page_token', pageToken);
    const page = await feishuCall<{ instance_code_list?: string[]; page_token?: string; has_more?: boolean }>(ctx, 'GET', `/open-apis/approval/v4/instances?${q}`);
    // Newest instances are the likeliest; codes carry no order guarantee, so check the page from its end.
    for (const code of [...(page.data?.instance_code_list ?? [])].reverse()) {
      if (++scanned > MAX_SCANNED) return null;
      const inst = await feishuCall<{ uuid?: string }>(ctx, 'GET', `/open-apis/approval/v4/instances/${encodeURIComponent(code)}`);
      if (inst.data?.uuid === uuid) return code;
    }
    if (!page.data?.has_more || !page.data.page_token) return null;
    pageToken = page.data.page_token;
  }
}
