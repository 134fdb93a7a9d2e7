/** UI preferences: the locale (persisted in localStorage, messages loaded on demand) and the matching element-plus locale. */
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { i18n, LOCALE_STORAGE_KEY, loadLocaleMessages, storedLocale, type AppLocale } from '@/i18n';
import { elementLocales } from '@/i18n/element-locales';

export const useUiStore = defineStore('ui', () => {
  const locale = ref<AppLocale>(storedLocale());
  const elementLocale = computed(() => elementLocales[locale.value]);

  /** Switches the language once its messages are loaded (so nothing flashes in the other one). */
  async function setLocale(next: AppLocale): Promise<void> {
    await loadLocaleMessages(next);
    locale.value = next;
  }

  watch(
    locale,
    (value) => {
      void loadLocaleMessages(value).then(() => {
        i18n.global.locale.value = value;
      });
      document.documentElement.lang = value;
      try {
        globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, value);
      } catch {
        // ignore: the choice just won't survive a reload
      }
    },
    { immediate: true },
  );

  return { locale, elementLocale, setLocale };
});
