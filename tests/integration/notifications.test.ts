/**
 * Notifications: mail delivered over SMTP to a real server started here (smtp-server) with the
 * right recipients and language; in-app list, unread count and mark read for the signed-in user
 * only; IM messages in the Feishu custom-bot format, signed, checked by a local receiver; a
 * refused delivery visible in the outbox (status, attempts, last error) and sent again on retry;
 * the executive digest of strategy-drift signals per objective with trend, in-app and by mail.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineCluster } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { waitFor } from '../support/wait.js';
import { ImReceiver, MailSink } from '../support/mail-im.js';
import { asEmployee, PEOPLE_ORG, publishFlow, roleTokens, taskFlow, trigger, type RoleName } from '../support/people.js';

let cluster: EngineCluster;
let smtp: MailSink;
let im: ImReceiver;
let tokens: Record<RoleName, string>;
const SECRET = 'SECtest-feishu-secret';

beforeAll(async () => {
  smtp = await new MailSink().start();
  im = await new ImReceiver().start();
  cluster = await EngineCluster.start({
    name: `notifications-${MODE}`,
    env: {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Coachflow <coachflow@corp.test>',
      COACHFLOW_IM_PLATFORM: 'feishu',
      COACHFLOW_IM_WEBHOOK: im.url('/open-apis/bot/v2/hook/test-hook'),
      COACHFLOW_IM_SECRET: SECRET,
      COACHFLOW_NOTIFY_MAX_ATTEMPTS: '1',
    },
  });
  expect((await cluster.api('PUT', '/api/v1/employees', { employees: PEOPLE_ORG })).status).toBe(200);
  tokens = await roleTokens(cluster);
  await publishFlow(cluster, 'to manager', taskFlow('mgr', { assignee: { type: 'directManager' }, dueIn: 'P3D' }));
  await publishFlow(cluster, 'to chen', taskFlow('chen', { assignee: { type: 'person', employeeId: 'E9004' }, dueIn: 'P3D' }));
  await publishFlow(cluster, 'im and mail', {
    nodes: [
      { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation', filter: { '==': [{ var: 'trigger.kpi.id' }, 'notify'] } } },
      { id: 'im', kind: 'notify', config: { channel: 'im', to: [{ type: 'directManager' }], title: 'KPI 预警 {{employee.name}}', body: '连续 {{trigger.streak}} 周低于预期' } },
      { id: 'mail', kind: 'notify', config: { channel: 'mail', to: [{ type: 'hrbp' }], title: 'FYI {{employee.name}}', body: 'streak {{trigger.streak}}' } },
      { id: 'done', kind: 'end', config: {} },
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: 'im' },
      { id: 'e2', source: 'im', target: 'mail' },
      { id: 'e3', source: 'mail', target: 'done' },
    ],
  });
});

afterAll(async () => {
  await cluster?.stop();
  await smtp?.stop();
  await im?.stop();
});

describe(`notifications (${MODE})`, () => {
  it('mails a new task to its assignee over SMTP, in the assignee’s language', async () => {
    await trigger(cluster, 'E9003', 'mgr');
    await trigger(cluster, 'E9003', 'chen');
    const zh = await waitFor('mail to Han (zh-CN)', async () => smtp.mails.find((m) => m.to.includes('han@corp.test') && m.subject.includes('mgr')));
    expect(zh.from).toBe('coachflow@corp.test');
    expect(zh.to).toEqual(['han@corp.test']);
    expect(zh.subject).toBe('新任务:mgr 李雷 Li Lei');
    expect(zh.text).toContain('截止');
    expect(zh.text).toContain('本邮件由 Coachflow 自动发送');
    expect(zh.headers['content-language']).toBe('zh-CN');
    const en = await waitFor('mail to Chen (en)', async () => smtp.mails.find((m) => m.to.includes('chen@corp.test')));
    expect(en.subject).toBe('New task: chen 李雷 Li Lei');
    expect(en.text).toContain('Open your Coachflow inbox');
    expect(en.headers['content-language']).toBe('en');
    // the delivery is visible to IT with its status
    const outbox = await cluster.as(tokens.it).api('GET', '/api/v1/outbox?channel=mail&status=sent');
    expect(outbox.body.items.some((d: { address: string; attempts: number }) => d.address === 'chen@corp.test' && d.attempts === 1)).toBe(true);
    expect((await cluster.as(tokens.manager).api('GET', '/api/v1/outbox')).status).toBe(403);
  });

  it('in-app: the signed-in user lists, counts and marks read their own notifications only', async () => {
    const manager = cluster.as(tokens.manager);
    const list = await waitFor('manager notifications', async () => {
      const r = await manager.api('GET', '/api/v1/notifications');
      return r.body.items.length ? r.body : null;
    });
    expect(list.items.every((n: { recipientId: string; channel: string }) => n.recipientId === 'E9001' && n.channel === 'inapp')).toBe(true);
    const unread = (await manager.api('GET', '/api/v1/notifications/unread-count')).body.unread;
    expect(unread).toBeGreaterThan(0);
    const first = list.items[0];
    const read = await manager.api('POST', `/api/v1/notifications/${first.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    expect((await manager.api('GET', '/api/v1/notifications/unread-count')).body.unread).toBe(unread - 1);
    expect((await manager.api('GET', '/api/v1/notifications?unread=true')).body.items.map((n: { id: number }) => n.id)).not.toContain(first.id);
    // someone else's notification: not found for them
    const chen = await asEmployee(cluster, 'E9004', ['employee']);
    expect((await chen.api('POST', `/api/v1/notifications/${first.id}/read`)).status).toBe(404);
    expect((await chen.api('GET', '/api/v1/notifications')).body.items.map((n: { id: number }) => n.id)).not.toContain(first.id);
    expect((await manager.api('POST', '/api/v1/notifications/read-all')).status).toBe(200);
    expect((await manager.api('GET', '/api/v1/notifications/unread-count')).body.unread).toBe(0);
    // an admin account not linked to a person has no inbox of notifications
    expect((await cluster.as(tokens.it).api('GET', '/api/v1/notifications')).status).toBe(403);
  });

  it('posts IM messages in the Feishu custom-bot format, signed; notify-node mail reaches the HRBP', async () => {
    await trigger(cluster, 'E9003', 'notify');
    const req = await waitFor('IM request', async () => im.requests.find((r) => JSON.stringify(r.body).includes('KPI 预警')));
    expect(req.path).toBe('/open-apis/bot/v2/hook/test-hook');
    expect(Object.keys(req.body).sort()).toEqual(['content', 'msg_type', 'sign', 'timestamp']);
    expect(req.body.msg_type).toBe('text');
    expect(req.body.content.text).toContain('@韩梅梅 Han Meimei KPI 预警 李雷 Li Lei');
    expect(req.body.content.text).toContain('连续 3 周低于预期');
    // Feishu: timestamp in seconds; sign = base64(HMAC-SHA256(key = "timestamp\nsecret", message = ""))
    expect(req.body.timestamp).toMatch(/^\d{10}$/);
    expect(Math.abs(Number(req.body.timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(req.body.sign).toBe(createHmac('sha256', `${req.body.timestamp}\n${SECRET}`).update('').digest('base64'));
    const mail = await waitFor('notify-node mail to the HRBP', async () => smtp.mails.find((m) => m.subject === 'FYI 李雷 Li Lei'));
    expect(mail.to).toEqual(['zhang@corp.test']);
  });

  it('keeps a refused delivery visible with its error, and sends it again on retry', async () => {
    im.answer = () => ({ code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' });
    const before = im.requests.length;
    await trigger(cluster, 'E9011', 'notify');
    const failed = await waitFor('failed IM delivery', async () => (await cluster.as(tokens.it).api('GET', '/api/v1/outbox?channel=im&status=failed')).body.items[0]);
    expect(failed).toMatchObject({ channel: 'im', status: 'failed', attempts: 1, recipientId: 'E9010' });
    expect(failed.lastError).toContain('19021');
    expect(im.requests.length).toBe(before + 1);
    im.answer = () => ({ code: 0, msg: 'success', data: {} });
    expect((await cluster.as(tokens.it).api('POST', `/api/v1/outbox/${failed.id}/retry`)).status).toBe(200);
    const sent = await waitFor('sent after retry', async () => {
      const d = (await cluster.as(tokens.it).api('GET', '/api/v1/outbox?channel=im&limit=50')).body.items.find((x: { id: number }) => x.id === failed.id);
      return d?.status === 'sent' ? d : null;
    });
    expect(sent.lastError).toBeNull();
    expect(im.requests.length).toBe(before + 2);
  });

  it('sends the executive digest of strategy-drift signals per objective with trend, in-app and by mail in English for an English reader', async () => {
    const trend = [
      { period: '2026-W45', goalsAtRiskShare: 0.2 },
      { period: '2026-W46', goalsAtRiskShare: 0.31 },
      { period: '2026-W47', goalsAtRiskShare: 0.42 },
    ];
    const payload = {
      objective: { id: 'OBJ-KA', title: '拓展重点客户', titleEn: 'Grow key accounts' },
      ownerIds: ['E9000'],
      measures: { unownedKeyResults: 0, goalsAtRiskShare: 0.42, linkedGoals: 12, obstacleThemes: [{ theme: 'resource_shortage', count: 5 }] },
      trend,
      threshold: 0.3,
      region: 'east_china',
      reasons: ['goals_at_risk'],
    };
    const ev = await cluster.api('POST', '/api/v1/events', { type: 'strategy.drift', idempotencyKey: `drift-${Date.now()}`, payload });
    expect(ev.status, JSON.stringify(ev.body)).toBe(202);
    // The executive reads English: their account's locale (set by them) wins over the directory's.
    const exec = tokens.executive;
    expect((await cluster.as(exec).api('PUT', '/api/v1/auth/me', { locale: 'en' })).body.locale).toBe('en');
    const preview = await cluster.as(exec).api('GET', '/api/v1/digest?frequency=weekly');
    expect(preview.status).toBe(200);
    expect(preview.body.objectives[0]).toMatchObject({ objectiveId: 'OBJ-KA', signals: 1, latestShare: 0.42, direction: 'worsening', regions: ['east_china'] });
    expect(preview.body.objectives[0].trend).toEqual(trend);
    expect((await cluster.as(tokens.employee).api('GET', '/api/v1/digest')).status).toBe(403);

    const sent = await cluster.as(tokens.hr).api('POST', '/api/v1/digest/send', { frequency: 'weekly' });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ recipients: 1, objectives: 1 });
    const inapp = await waitFor('digest in-app', async () => (await cluster.as(exec).api('GET', '/api/v1/notifications')).body.items.find((n: { kind: string }) => n.kind === 'digest'));
    expect(inapp.title).toMatch(/^Strategy drift digest \(weekly /);
    expect(inapp.body).toContain('Grow key accounts: 42% of linked goals at risk (worsening ↑), 1 signal(s) in east_china');
    expect(inapp.body).toContain('trend: 2026-W45 20% → 2026-W46 31% → 2026-W47 42%');
    const mail = await waitFor('digest mail', async () => smtp.mails.find((m) => m.to.includes('wang@corp.test') && m.subject.startsWith('Strategy drift digest')));
    expect(mail.text).toContain('Grow key accounts');
    expect(mail.headers['content-language']).toBe('en');
  });
});
