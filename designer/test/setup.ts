/** Test setup: both locales loaded up front (the app loads `en` on demand), so tests can switch synchronously. */
import { i18n, loadLocaleMessages } from '@/i18n';

await loadLocaleMessages('en');
i18n.global.locale.value = 'zh-CN';
