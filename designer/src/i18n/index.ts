/**
 * vue-i18n setup. zh-CN is the default and the schema: `en` must have exactly the same keys
 * (enforced by the type below and by test/i18n-keys.test.ts for keys used in the source).
 */
import { createI18n } from 'vue-i18n';
import en from './locales/en';
import zhCN, { type MessageSchema } from './locales/zh-CN';

export const APP_LOCALES = ['zh-CN', 'en'] as const;
export type AppLocale = (typeof APP_LOCALES)[number];
export const LOCALE_STORAGE_KEY = 'coachflow.locale';

export function isAppLocale(v: unknown): v is AppLocale {
  return typeof v === 'string' && (APP_LOCALES as readonly string[]).includes(v);
}

export const messages: Record<AppLocale, MessageSchema> = { 'zh-CN': zhCN, en };

export const i18n = createI18n<[MessageSchema], AppLocale, false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages,
  missingWarn: false,
  fallbackWarn: false,
});
