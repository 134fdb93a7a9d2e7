/** element-plus locales matching the app locales (date pickers, pagination, empty states…). */
import type { Language } from 'element-plus/es/locale';
import en from 'element-plus/es/locale/lang/en.mjs';
import zhCn from 'element-plus/es/locale/lang/zh-cn.mjs';
import type { AppLocale } from './index';

export const elementLocales: Record<AppLocale, Language> = { 'zh-CN': zhCn, en };
