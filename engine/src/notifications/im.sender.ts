/**
 * IM group bots ("custom bots"), in the formats their platforms document:
 *
 * Feishu / Lark custom bot — POST <webhook> (https://open.feishu.cn/open-apis/bot/v2/hook/<id>),
 *   JSON `{"msg_type":"text","content":{"text":"…"}}`; with signature verification on, the body also
 *   carries `"timestamp"` (Unix seconds, as a string) and `"sign"` = base64(HMAC-SHA256 with
 *   key = `${timestamp}\n${secret}` over an empty message). Feishu answers HTTP 200 with
 *   `{"code":0,"msg":"success"}` (older bots: `{"StatusCode":0}`); a non-zero code is a failure
 *   (e.g. 19021 signature mismatch) even though the HTTP status is 200.
 *
 * DingTalk custom robot — POST <webhook> (https://oapi.dingtalk.com/robot/send?access_token=…),
 *   JSON `{"msgtype":"text","text":{"content":"…"}}`; with "加签" on, the query gets `timestamp`
 *   (Unix milliseconds) and `sign` = urlencode(base64(HMAC-SHA256 with key = secret over
 *   `${timestamp}\n${secret}`)). DingTalk answers HTTP 200 with `{"errcode":0,"errmsg":"ok"}`; a
 *   non-zero errcode is a failure (e.g. 310000 signature mismatch, 130101 sending too fast).
 */
import { createHmac } from 'node:crypto';

export interface ImTarget {
  platform: 'feishu' | 'dingtalk';
  webhook: string;
  secret: string | null;
}

export interface ImRequest {
  url: string;
  body: Record<string, unknown>;
}

export function feishuSign(timestampSeconds: string, secret: string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

export function dingtalkSign(timestampMs: string, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** The HTTP request for one text message (signed when the bot has a secret). */
export function buildImRequest(target: ImTarget, text: string, now = Date.now()): ImRequest {
  if (target.platform === 'feishu') {
    const body: Record<string, unknown> = { msg_type: 'text', content: { text } };
    if (target.secret) {
      const timestamp = String(Math.floor(now / 1000));
      body.timestamp = timestamp;
      body.sign = feishuSign(timestamp, target.secret);
    }
    return { url: target.webhook, body };
  }
  const url = new URL(target.webhook);
  if (target.secret) {
    const timestamp = String(now);
    url.searchParams.set('timestamp', timestamp);
    // URLSearchParams percent-encodes the base64 (+ / =), as DingTalk requires.
    url.searchParams.set('sign', dingtalkSign(timestamp, target.secret));
  }
  return { url: url.toString(), body: { msgtype: 'text', text: { content: text } } };
}

/** Sends one message; throws with the platform's error when it is refused. */
export async function sendIm(target: ImTarget, text: string, now = Date.now(), timeoutMs = 5000): Promise<void> {
  const req = buildImRequest(target, text, now);
  const res = await fetch(req.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(req.body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const raw = await res.text();
  if (!res.ok) throw new Error(`${target.platform} answered HTTP ${res.status}: ${raw.slice(0, 200)}`);
  let answer: Record<string, unknown> = {};
  try {
    answer = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  } catch {
    throw new Error(`${target.platform} answered with something that is not JSON: ${raw.slice(0, 200)}`);
  }
  const code = target.platform === 'feishu' ? (answer.code ?? answer.StatusCode ?? 0) : (answer.errcode ?? 0);
  if (Number(code) !== 0) {
    const msg = target.platform === 'feishu' ? (answer.msg ?? answer.StatusMessage) : answer.errmsg;
    throw new Error(`${target.platform} refused the message: ${String(code)} ${String(msg ?? '')}`.trim());
  }
}
