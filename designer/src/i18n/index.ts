/**
 * vue-i18n setup. zh-CN is the default and the schema: `en` must have exactly the same keys
 * (enforced by the type below and by test/i18n-keys.test.ts for keys used in the source).
 * zh-CN ships in the entry chunk; `en` is loaded the first time it is chosen (loadLocaleMessages).
 */
import { createI18n } from 'vue-i18n';
import zhCN, { type MessageSchema } from './locales/zh-CN';

export const APP_LOCALES = ['zh-CN', 'en'] as const;
export type AppLocale = (typeof APP_LOCALES)[number];
export const LOCALE_STORAGE_KEY = 'coachflow.locale';

export function isAppLocale(v: unknown): v is AppLocale {
  return typeof v === 'string' && (APP_LOCALES as readonly string[]).includes(v);
}

const loaders: Record<AppLocale, () => Promise<MessageSchema>> = {
  'zh-CN': async () => zhCN,
  en: async () => (await import('./locales/en')).default,
};

export const i18n = createI18n<[MessageSchema], AppLocale, false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN } as Record<AppLocale, MessageSchema>,
  missingWarn: false,
  fallbackWarn: false,
});

const loaded = new Set<AppLocale>(['zh-CN']);

/** Makes the messages of `locale` available (a no-op once loaded). */
export async function loadLocaleMessages(locale: AppLocale): Promise<void> {
  if (loaded.has(locale)) return;
  i18n.global.setLocaleMessage(locale, await loaders[locale]());
  loaded.add(locale);
}

/** The locale chosen on this browser (localStorage), else zh-CN. */
export function storedLocale(): AppLocale {
  try {
    const stored = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY);
    if (isAppLocale(stored)) return stored;
  } catch {
    // localStorage can be unavailable (privacy mode); fall back to the default.
  }
  return 'zh-CN';
}
