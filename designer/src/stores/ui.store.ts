/** UI preferences: the locale (persisted in localStorage) and the matching element-plus locale. */
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { i18n, isAppLocale, LOCALE_STORAGE_KEY, type AppLocale } from '@/i18n';
import { elementLocales } from '@/i18n/element-locales';

function readStoredLocale(): AppLocale {
  try {
    const stored = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY);
    if (isAppLocale(stored)) return stored;
  } catch {
    // localStorage can be unavailable (privacy mode); fall back to the default.
  }
  return 'zh-CN';
}

export const useUiStore = defineStore('ui', () => {
  const locale = ref<AppLocale>(readStoredLocale());
  const elementLocale = computed(() => elementLocales[locale.value]);

  function setLocale(next: AppLocale): void {
    locale.value = next;
  }

  watch(
    locale,
    (value) => {
      i18n.global.locale.value = value;
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
