/**
 * Delivery settings from the environment:
 * - SMTP_URL (e.g. smtp://user:pass@mail.example.com:587): mail is sent with nodemailer. Unset (the
 *   embedded default), mail is written to the outbox — `notification` rows with channel `mail` and
 *   status `outbox` — and shown in the app (GET /api/v1/outbox); nothing is sent.
 * - MAIL_FROM [Coachflow <no-reply@coachflow.local>].
 * - COACHFLOW_IM_PLATFORM (feishu | dingtalk), COACHFLOW_IM_WEBHOOK (the custom bot's webhook URL),
 *   COACHFLOW_IM_SECRET (the bot's signing secret, optional): IM notifications go to that group bot.
 * - COACHFLOW_NOTIFY_MAX_ATTEMPTS [6]: deliveries failing this often stay `failed` (visible, retryable).
 */
export interface NotifyConfig {
  smtpUrl: string | null;
  mailFrom: string;
  im: { platform: 'feishu' | 'dingtalk'; webhook: string; secret: string | null } | null;
  maxAttempts: number;
}

export function loadNotifyConfig(env: NodeJS.ProcessEnv = process.env): NotifyConfig {
  const platform = env.COACHFLOW_IM_PLATFORM === 'dingtalk' ? 'dingtalk' : env.COACHFLOW_IM_PLATFORM === 'feishu' ? 'feishu' : null;
  const webhook = env.COACHFLOW_IM_WEBHOOK ?? '';
  const attempts = Number(env.COACHFLOW_NOTIFY_MAX_ATTEMPTS);
  return {
    smtpUrl: env.SMTP_URL ? env.SMTP_URL : null,
    mailFrom: env.MAIL_FROM ?? 'Coachflow <no-reply@coachflow.local>',
    im: platform && webhook ? { platform, webhook, secret: env.COACHFLOW_IM_SECRET ? env.COACHFLOW_IM_SECRET : null } : null,
    maxAttempts: Number.isInteger(attempts) && attempts > 0 ? attempts : 6,
  };
}
