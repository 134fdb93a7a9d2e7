/**
 * Receivers for notification tests: a real SMTP server (the `smtp-server` package) that keeps each
 * message with its envelope, decoded subject and text; and an HTTP receiver standing in for an IM
 * custom bot (Feishu / DingTalk), which records each request and answers as the platform does.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  headers: Record<string, string>;
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`) in a header value. */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
}

function decodeBody(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? '7bit').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

export function parseMail(raw: string): { subject: string; text: string; headers: Record<string, string> } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return { subject: decodeWords(headers.subject ?? ''), text: decodeBody(raw.slice(split + 4), headers['content-transfer-encoding']), headers };
}

export class MailSink {
  readonly mails: ReceivedMail[] = [];
  #server: SMTPServer;
  port = 0;

  constructor() {
    this.#server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const parsed = parseMail(Buffer.concat(chunks).toString('utf8'));
          this.mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            ...parsed,
          });
          callback();
        });
      },
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((ok) => this.#server.listen(0, '127.0.0.1', () => ok()));
    this.port = (this.#server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((ok) => this.#server.close(() => ok()));
  }
}

export interface ImRequest {
  path: string;
  query: URLSearchParams;
  body: any;
  at: number;
}

/** Answers like a custom bot: `answer()` decides the JSON reply (HTTP 200, as both platforms do). */
export class ImReceiver {
  readonly requests: ImRequest[] = [];
  answer: (req: ImRequest) => Record<string, unknown> = () => ({ code: 0, msg: 'success', data: {} });
  #server: Server;
  port = 0;

  constructor() {
    this.#server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += String(c)));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        let body: unknown = raw;
        try {
          body = JSON.parse(raw);
        } catch {
          /* kept raw */
        }
        const r: ImRequest = { path: url.pathname, query: url.searchParams, body, at: Date.now() };
        this.requests.push(r);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(this.answer(r)));
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((ok) => this.#server.listen(0, '127.0.0.1', () => ok()));
    this.port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((ok) => this.#server.close(() => ok()));
  }
}
