/**
 * A fake DingTalk OA approval server (CONTRACTS.md 2.2), node:http only.
 *
 * - Tokens: `POST /v1.0/oauth2/accessToken` {appKey, appSecret} → {accessToken, expireIn}; legacy
 *   `GET /gettoken?appkey&appsecret`. Repeated calls within validity return the same token and extend
 *   it; `invalidateTokens()` = early invalidation (API answers 401 InvalidAuthentication).
 * - `POST /v1.0/workflow/processInstances` (header `x-acs-dingtalk-access-token`): processCode
 *   (processCodeError), deptId required without approvers, originator must be in the dept
 *   (processInstanceInvalidParameter), form values must be strings ≤ 65535, names must equal the
 *   template labels (formConverterError "表单数据校验失败，失败控件：%s"), required components.
 *   HTTP 400 `{code, message, requestid}`; `systemError` switch → HTTP 500.
 * - `GET /v1.0/workflow/processInstances?processInstanceId=` → `{result: {...}, success: "true"}`.
 * - Instances are immutable: no update route; stored form values are frozen.
 * - `sendEvent()` pushes an encrypted flat `bpms_instance_change` to our callback with
 *   `?signature&timestamp&nonce` (or `msg_signature&timeStamp`), checks the encrypted "success"
 *   reply, with duplicate / drop switches.
 * - `rateLimited` → HTTP 429 (shape not in the contract [U]: `{code: "Forbidden.AccessDenied.QpsLimitForApi"}`).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dtDecrypt, dtEncrypt, dtSignature } from './dingtalk-crypto.js';

export interface DingtalkTemplate {
  name: string;
  components: { label: string; required?: boolean }[];
}

export interface DingtalkInstance {
  processInstanceId: string;
  processCode: string;
  title: string;
  originatorUserId: string;
  originatorDeptId: string;
  status: 'NEW' | 'RUNNING' | 'TERMINATED' | 'COMPLETED';
  result: '' | 'agree' | 'refuse';
  businessId: string;
  createTime: string;
  finishTime: string;
  formComponentValues: readonly { name: string; value: string }[];
  approverUserIds: string[];
  tasks: { taskId: number; userId: string; status: string; result: string; createTime: string; finishTime: string; activityId: string }[];
  operationRecords: { userId: string; date: string; type: string; result: string; remark: string }[];
}

export interface DingtalkCall {
  method: string;
  path: string;
  token?: string;
  body: string;
  status: number;
  code?: string;
}

export interface DingtalkDelivery {
  eventId: string | null;
  url: string;
  body: string;
  /** HTTP status of our receiver, or 'dropped' / 'failed'. */
  outcome: number | 'dropped' | 'failed';
  /** The receiver answered a correctly signed, encrypted "success". */
  acknowledged: boolean;
}

type Reply = { status: number; body: unknown };
const err = (status: number, code: string, message: string): Reply => ({ status, body: { code, message, requestid: randomUUID() } });
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16) + 'Z';

export class DingtalkFake {
  readonly apps = new Map<string, string>([['ding_app_key', 'ding_app_secret']]);
  readonly templates = new Map<string, DingtalkTemplate>([
    ['PROC-ROTATION', { name: 'Rotation approval', components: [{ label: '目标岗位', required: true }, { label: '原因', required: true }, { label: '生效日期' }, { label: '附加技能' }] }],
  ]);
  /** userId → department ids. */
  readonly users = new Map<string, string[]>([
    ['manager75', ['100', '-1']],
    ['hrbp01', ['200', '-1']],
  ]);
  readonly instances = new Map<string, DingtalkInstance>();
  readonly calls: DingtalkCall[] = [];
  readonly deliveries: DingtalkDelivery[] = [];
  tokenTtlSeconds = 7200;
  callbackToken = 'ding-callback-token';
  aesKey = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
  corpId = 'ding_corp_1';
  systemError = false;
  rateLimited = false;
  #tokens = new Map<string, { appKey: string; expiresAt: number }>();
  #server: Server | null = null;
  #seq = 0;

  get url(): string {
    const addr = this.#server?.address() as AddressInfo | null;
    if (!addr) throw new Error('dingtalk fake not started');
    return `http://127.0.0.1:${addr.port}`;
  }

  get tokenRequests(): number {
    return this.calls.filter((c) => c.path === '/v1.0/oauth2/accessToken' || c.path === '/gettoken').length;
  }

  async start(port = 0): Promise<this> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((ok) => this.#server?.listen(port, '127.0.0.1', ok));
    return this;
  }

  async stop(): Promise<void> {
    const s = this.#server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((ok) => s.close(() => ok()));
    this.#server = null;
  }

  invalidateTokens(): void {
    this.#tokens.clear();
  }

  /**
   * Ends (finish + agree/refuse) or terminates an instance and pushes `bpms_instance_change`.
   * `legacy` omits the newer eventId/BizId fields; `altParams` uses msg_signature/timeStamp.
   */
  async sendEvent(
    url: string,
    instanceId: string,
    change: { type: 'start' | 'finish' | 'terminate'; result?: 'agree' | 'refuse' },
    opts: { duplicate?: boolean; drop?: boolean; legacy?: boolean; altParams?: boolean; badSignature?: boolean } = {},
  ): Promise<DingtalkDelivery[]> {
    const inst = this.instances.get(instanceId);
    if (!inst) throw new Error(`no instance ${instanceId}`);
    const now = Date.now();
    if (change.type === 'finish') {
      inst.status = 'COMPLETED';
      inst.result = change.result ?? 'agree';
      inst.finishTime = iso(now);
      for (const t of inst.tasks) Object.assign(t, { status: 'COMPLETED', result: inst.result.toUpperCase(), finishTime: iso(now) });
      inst.operationRecords.push({ userId: inst.approverUserIds[0] ?? 'hrbp01', date: iso(now), type: 'EXECUTE_TASK_NORMAL', result: inst.result.toUpperCase(), remark: '' });
    } else if (change.type === 'terminate') {
      inst.status = 'TERMINATED';
      inst.finishTime = iso(now);
      for (const t of inst.tasks) Object.assign(t, { status: 'CANCELED' });
      inst.operationRecords.push({ userId: inst.originatorUserId, date: iso(now), type: 'TERMINATE_PROCESS_INSTANCE', result: 'NONE', remark: '' });
    }
    const event: Record<string, unknown> = {
      EventType: 'bpms_instance_change',
      processInstanceId: instanceId,
      corpId: this.corpId,
      createTime: Date.parse(inst.createTime),
      title: inst.title,
      type: change.type,
      staffId: inst.originatorUserId,
      url: `https://aflow.dingtalk.com/dingtalk/mobile/homepage.htm#/approval?procInstId=${instanceId}`,
      processCode: inst.processCode,
      bizCategoryId: '',
    };
    if (change.type !== 'start') event.finishTime = now;
    if (change.type === 'finish') event.result = inst.result; // absent on terminate
    const eventId = opts.legacy ? null : randomBytes(16).toString('hex');
    if (eventId) Object.assign(event, { eventId, EventTime: now, CorpId: this.corpId, BizId: instanceId });
    return this.#push(url, JSON.stringify(event), eventId, opts);
  }

  /** The URL check DingTalk sends when the callback URL is registered. */
  async sendCheckUrl(url: string): Promise<DingtalkDelivery> {
    const [d] = await this.#push(url, JSON.stringify({ EventType: 'check_url' }), null, {});
    return d as DingtalkDelivery;
  }

  async #push(url: string, msg: string, eventId: string | null, opts: { duplicate?: boolean; drop?: boolean; altParams?: boolean; badSignature?: boolean }): Promise<DingtalkDelivery[]> {
    const encrypt = dtEncrypt(msg, this.aesKey, this.corpId);
    const timestamp = String(Date.now());
    const nonce = randomBytes(6).toString('hex');
    const signature = dtSignature(opts.badSignature ? 'forged' : this.callbackToken, timestamp, nonce, encrypt);
    const q = opts.altParams ? new URLSearchParams({ msg_signature: signature, timeStamp: timestamp, nonce }) : new URLSearchParams({ signature, timestamp, nonce });
    const target = `${url}${url.includes('?') ? '&' : '?'}${q}`;
    const body = JSON.stringify({ encrypt });
    const out: DingtalkDelivery[] = [];
    for (let i = 0; i < (opts.duplicate ? 2 : 1); i++) {
      const d: DingtalkDelivery = { eventId, url: target, body, outcome: 'dropped', acknowledged: false };
      this.deliveries.push(d);
      out.push(d);
      if (opts.drop) continue;
      try {
        const res = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(1500) });
        d.outcome = res.status;
        d.acknowledged = this.#isSuccessReply(await res.text());
      } catch {
        d.outcome = 'failed';
      }
    }
    return out;
  }

  #isSuccessReply(text: string): boolean {
    try {
      const r = JSON.parse(text) as { msg_signature?: string; timeStamp?: string; nonce?: string; encrypt?: string };
      if (!r.encrypt || !r.msg_signature || !r.timeStamp || !r.nonce) return false;
      if (dtSignature(this.callbackToken, r.timeStamp, r.nonce, r.encrypt) !== r.msg_signature) return false;
      return dtDecrypt(r.encrypt, this.aesKey).msg === 'success';
    } catch {
      return false;
    }
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://dingtalk.local');
    const token = typeof req.headers['x-acs-dingtalk-access-token'] === 'string' ? req.headers['x-acs-dingtalk-access-token'] : undefined;
    const reply = this.#route(req.method ?? '', url, raw, token);
    const code = (reply.body as { code?: unknown }).code;
    this.calls.push({ method: req.method ?? '', path: url.pathname, token, body: raw, status: reply.status, code: typeof code === 'string' ? code : undefined });
    res.writeHead(reply.status, { 'content-type': 'application/json;charset=utf-8' });
    res.end(JSON.stringify(reply.body));
  }

  #issue(appKey: string): { token: string; expireIn: number } {
    const now = Date.now();
    for (const [t, info] of this.#tokens) {
      if (info.appKey === appKey && info.expiresAt > now) {
        info.expiresAt = now + this.tokenTtlSeconds * 1000; // repeated calls return the same token and extend it
        return { token: t, expireIn: this.tokenTtlSeconds };
      }
    }
    const token = randomBytes(16).toString('hex');
    this.#tokens.set(token, { appKey, expiresAt: now + this.tokenTtlSeconds * 1000 });
    return { token, expireIn: this.tokenTtlSeconds };
  }

  #route(method: string, url: URL, raw: string, token: string | undefined): Reply {
    if (this.rateLimited) return err(429, 'Forbidden.AccessDenied.QpsLimitForApi', '应用调用该接口的请求数超过限制');
    if (url.pathname === '/gettoken' && method === 'GET') {
      const key = url.searchParams.get('appkey') ?? '';
      if (this.apps.get(key) !== url.searchParams.get('appsecret')) return { status: 200, body: { errcode: 40089, errmsg: '不合法的corpid或corpsecret' } };
      const t = this.#issue(key);
      return { status: 200, body: { errcode: 0, errmsg: 'ok', access_token: t.token, expires_in: t.expireIn } };
    }
    let body: Record<string, unknown> = {};
    if (raw) {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return err(400, 'invalidParameter', 'body is not JSON');
      }
    }
    if (url.pathname === '/v1.0/oauth2/accessToken' && method === 'POST') {
      const key = String(body.appKey ?? '');
      if (!this.apps.has(key) || this.apps.get(key) !== body.appSecret) return err(400, 'invalidClientIdOrSecret', '无效的appKey或appSecret');
      const t = this.#issue(key);
      return { status: 200, body: { accessToken: t.token, expireIn: t.expireIn } };
    }
    const info = token ? this.#tokens.get(token) : undefined;
    if (!info || info.expiresAt <= Date.now()) return err(401, 'InvalidAuthentication', '不合法的access_token');
    if (this.systemError) return err(500, 'systemError', '系统错误');
    if (url.pathname === '/v1.0/workflow/processInstances' && method === 'POST') return this.#create(body);
    if (url.pathname === '/v1.0/workflow/processInstances' && method === 'GET') {
      const inst = this.instances.get(url.searchParams.get('processInstanceId') ?? '');
      if (!inst) return err(400, 'invalidParameter', 'processInstanceId 不存在');
      const { processInstanceId: _id, processCode: _pc, ...rest } = inst;
      return { status: 200, body: { result: rest, success: 'true' } };
    }
    // Instances cannot be modified via the API after creation.
    if (url.pathname.startsWith('/v1.0/workflow/processInstances')) return err(405, 'MethodNotAllowed', 'instances cannot be modified after creation');
    return err(404, 'NotFound', 'no such API');
  }

  #create(body: Record<string, unknown>): Reply {
    const originator = typeof body.originatorUserId === 'string' ? body.originatorUserId : '';
    if (!originator) return err(400, 'invalidParameter', 'originatorUserId is required');
    const tpl = this.templates.get(String(body.processCode ?? ''));
    if (!tpl) return err(400, 'processCodeError', 'processCode 不正确');
    const hasApprovers = Array.isArray(body.approvers) && body.approvers.length > 0;
    if (body.deptId === undefined && !hasApprovers) return err(400, 'invalidParameter', 'deptId is required when approvers is not passed');
    const depts = this.users.get(originator);
    if (!depts) return err(400, 'processInstanceInvalidParameter', `发起人 ${originator} 不存在`);
    if (body.deptId !== undefined && !depts.includes(String(body.deptId))) return err(400, 'processInstanceInvalidParameter', `发起人不在部门 ${String(body.deptId)} 中`);
    const values = body.formComponentValues;
    if (!Array.isArray(values) || values.length === 0) return err(400, 'invalidParameter', 'formComponentValues is required');
    if (values.length > 150) return err(400, 'invalidParameter', 'formComponentValues exceeds 150');
    for (const v of values as { name?: unknown; value?: unknown }[]) {
      if (typeof v?.name !== 'string' || typeof v.value !== 'string') return err(400, 'invalidParameter', 'formComponentValues[].name and value must be strings');
      if (v.value.length > 65535) return err(400, 'invalidParameter', `value of ${v.name} exceeds 65535`);
      if (!tpl.components.some((c) => c.label === v.name)) return err(400, 'formConverterError', `表单数据校验失败，失败控件：${v.name}`);
    }
    for (const c of tpl.components) {
      if (c.required && !(values as { name: string; value: string }[]).some((v) => v.name === c.label && v.value !== '')) return err(400, 'formConverterError', `表单数据校验失败，失败控件：${c.label}`);
    }
    const id = randomUUID();
    const now = Date.now();
    this.instances.set(id, {
      processInstanceId: id,
      processCode: String(body.processCode),
      title: `${originator}提交的${tpl.name}`,
      originatorUserId: originator,
      originatorDeptId: String(body.deptId ?? depts[0]),
      status: 'RUNNING',
      result: '',
      businessId: String(202500000000 + ++this.#seq),
      createTime: iso(now),
      finishTime: '',
      formComponentValues: Object.freeze((values as { name: string; value: string }[]).map((v) => Object.freeze({ name: v.name, value: v.value }))),
      approverUserIds: ['hrbp01'],
      tasks: [{ taskId: 1000 + this.#seq, userId: 'hrbp01', status: 'RUNNING', result: 'NONE', createTime: iso(now), finishTime: '', activityId: 'act_1' }],
      operationRecords: [{ userId: originator, date: iso(now), type: 'START_PROCESS_INSTANCE', result: 'NONE', remark: '' }],
    });
    return { status: 200, body: { instanceId: id } };
  }
}
