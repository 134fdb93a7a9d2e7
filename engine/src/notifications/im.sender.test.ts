import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImRequest, sendIm } from './im.sender.js';

let server: Server;
let base = '';
const seen: Array<{ url: string; body: any }> = [];
let reply: Record<string, unknown> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += String(c)));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', body: JSON.parse(raw) });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

const NOW = Date.UTC(2026, 10, 26, 10, 0, 0);

describe('IM custom bots', () => {
  it('Feishu: {msg_type:"text", content:{text}}, signed with timestamp (s) and base64(HMAC-SHA256(key = "ts\\nsecret", ""))', async () => {
    const req = buildImRequest({ platform: 'feishu', webhook: `${base}/open-apis/bot/v2/hook/abc`, secret: 'sec' }, '你好 hello', NOW);
    expect(req.body).toEqual({ msg_type: 'text', content: { text: '你好 hello' }, timestamp: String(NOW / 1000), sign: createHmac('sha256', `${NOW / 1000}\nsec`).update('').digest('base64') });
    expect(buildImRequest({ platform: 'feishu', webhook: 'https://x/hook', secret: null }, 't', NOW).body).toEqual({ msg_type: 'text', content: { text: 't' } });
    reply = { code: 0, msg: 'success', data: {} };
    await sendIm({ platform: 'feishu', webhook: `${base}/open-apis/bot/v2/hook/abc`, secret: 'sec' }, 'ok', NOW);
    expect(seen.at(-1)?.url).toBe('/open-apis/bot/v2/hook/abc');
    reply = { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' };
    await expect(sendIm({ platform: 'feishu', webhook: `${base}/hook`, secret: 'bad' }, 'x', NOW)).rejects.toThrow(/19021 sign match fail/);
    reply = { StatusCode: 0, StatusMessage: 'success' }; // older bots answer like this
    await sendIm({ platform: 'feishu', webhook: `${base}/hook`, secret: null }, 'x', NOW);
  });

  it('DingTalk: {msgtype:"text", text:{content}}, timestamp (ms) and urlencoded base64(HMAC-SHA256(key = secret, "ts\\nsecret")) as query parameters', async () => {
    const secret = 'SEC0123456789abcdef';
    const req = buildImRequest({ platform: 'dingtalk', webhook: `${base}/robot/send?access_token=tok`, secret }, '提醒 reminder', NOW);
    expect(req.body).toEqual({ msgtype: 'text', text: { content: '提醒 reminder' } });
    const url = new URL(req.url);
    expect(url.searchParams.get('access_token')).toBe('tok');
    expect(url.searchParams.get('timestamp')).toBe(String(NOW));
    const sign = createHmac('sha256', secret).update(`${NOW}\n${secret}`).digest('base64');
    expect(url.searchParams.get('sign')).toBe(sign);
    // percent-encoded on the wire (+ / = of base64)
    expect(req.url).toContain(`sign=${encodeURIComponent(sign).replace(/%20/g, '+')}`);
    reply = { errcode: 0, errmsg: 'ok' };
    await sendIm({ platform: 'dingtalk', webhook: `${base}/robot/send?access_token=tok`, secret }, 'hi', NOW);
    expect(seen.at(-1)?.body).toEqual({ msgtype: 'text', text: { content: 'hi' } });
    expect(seen.at(-1)?.url).toMatch(/^\/robot\/send\?access_token=tok&timestamp=\d+&sign=/);
    reply = { errcode: 310000, errmsg: 'sign not match' };
    await expect(sendIm({ platform: 'dingtalk', webhook: `${base}/robot/send?access_token=tok`, secret }, 'x', NOW)).rejects.toThrow(/310000 sign not match/);
  });
});
