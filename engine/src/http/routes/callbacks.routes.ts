/**
 * Callbacks from external approval systems. Public (the platforms cannot sign in): each request is
 * verified by the connector plugin (Feishu: X-Lark-Signature + AES-256-CBC; DingTalk: SHA-1
 * signature + AES) with the connector's stored secrets, deduplicated by event id and answered
 * within the platform's deadline. `:connectorId` selects another installed connector of the same
 * kind (default `approval-feishu` / `approval-dingtalk`).
 */
import type { RouteRequest, RouteSpec } from '../route.types.js';

const CALLBACK = { public: 'platform callback: authenticated by its signature and encryption, verified with the connector secrets' };
const anyJson = { type: 'object' as const, description: 'The platform event as sent (encrypted envelope or URL verification)' };

function rawBodyOf(req: RouteRequest): string {
  const raw = (req.koa.state as { rawBody?: unknown }).rawBody;
  return typeof raw === 'string' ? raw : JSON.stringify(req.body ?? {});
}

function headersOf(req: RouteRequest): Record<string, string | string[] | undefined> {
  return req.koa.headers as Record<string, string | string[] | undefined>;
}

const feishu = (connector: (req: RouteRequest) => string) => async (req: RouteRequest) => {
  const a = await req.services.approvalCallbacks.feishu(connector(req), headersOf(req), rawBodyOf(req));
  return { status: a.status, body: a.body };
};

const dingtalk = (connector: (req: RouteRequest) => string) => async (req: RouteRequest) => {
  const a = await req.services.approvalCallbacks.dingtalk(connector(req), req.query, rawBodyOf(req));
  return { status: a.status, body: a.body };
};

const dingtalkQuery = {
  type: 'object' as const,
  additionalProperties: true,
  properties: {
    signature: { type: 'string' as const, maxLength: 200 },
    msg_signature: { type: 'string' as const, maxLength: 200 },
    timestamp: { type: 'string' as const, maxLength: 40 },
    timeStamp: { type: 'string' as const, maxLength: 40 },
    nonce: { type: 'string' as const, maxLength: 100 },
  },
};

export const callbackRoutes: RouteSpec[] = [
  {
    method: 'post',
    path: '/api/v1/callbacks/feishu',
    operationId: 'feishuCallback',
    summary: 'Feishu approval events (approval_instance) and URL verification, for the approval-feishu connector',
    tag: 'callbacks',
    access: CALLBACK,
    body: anyJson,
    responses: { 200: 'Acknowledged (or the challenge)', 401: 'Bad signature or token, or the connector secrets are not set' },
    handler: feishu(() => 'approval-feishu'),
  },
  {
    method: 'post',
    path: '/api/v1/callbacks/feishu/:connectorId',
    operationId: 'feishuCallbackFor',
    summary: 'Feishu approval events for another Feishu approval connector (a second app)',
    tag: 'callbacks',
    access: CALLBACK,
    body: anyJson,
    responses: { 200: 'Acknowledged (or the challenge)', 401: 'Bad signature or token', 404: 'No such Feishu connector' },
    handler: feishu((req) => String(req.params.connectorId)),
  },
  {
    method: 'post',
    path: '/api/v1/callbacks/dingtalk',
    operationId: 'dingtalkCallback',
    summary: 'DingTalk approval events (bpms_instance_change) and check_url, for the approval-dingtalk connector; answers the encrypted "success"',
    tag: 'callbacks',
    access: CALLBACK,
    query: dingtalkQuery,
    body: anyJson,
    responses: { 200: 'Acknowledged with the encrypted success reply', 401: 'Bad signature, or the connector secrets are not set' },
    handler: dingtalk(() => 'approval-dingtalk'),
  },
  {
    method: 'post',
    path: '/api/v1/callbacks/dingtalk/:connectorId',
    operationId: 'dingtalkCallbackFor',
    summary: 'DingTalk approval events for another DingTalk approval connector',
    tag: 'callbacks',
    access: CALLBACK,
    query: dingtalkQuery,
    body: anyJson,
    responses: { 200: 'Acknowledged with the encrypted success reply', 401: 'Bad signature', 404: 'No such DingTalk connector' },
    handler: dingtalk((req) => String(req.params.connectorId)),
  },
  {
    method: 'get',
    path: '/api/v1/approvals/:id/external',
    operationId: 'getExternalApproval',
    summary: 'The external side of an approval routed to Feishu / DingTalk: instance id, status, how it was decided',
    tag: 'approvals',
    intParams: ['id'],
    access: { roles: { hr_admin: 'all', it_admin: 'all' } },
    responses: { 200: 'External approval', 404: 'Not an external approval' },
    async handler({ services, params }) {
      const found = await services.externalApprovals.ofApproval(Number(params.id));
      if (!found) return { status: 404, body: { error: { code: 'NOT_FOUND', message: `approval ${params.id} is not routed to an external system` } } };
      return { body: found };
    },
  },
];
