/** Turns any thrown value (mostly `ApiError`) into a localised message for ElMessage. */
import { useI18n } from 'vue-i18n';
import { isApiError } from '@/api/http';

export function useErrorMessage() {
  const { t, te } = useI18n();
  return function describeError(e: unknown): string {
    if (isApiError(e)) {
      if (e.status === 0) return t('error.network');
      const known = `error.code.${e.code}`;
      const head = te(known) ? t(known) : t('error.http', { status: e.status });
      return e.message ? `${head}: ${e.message}` : head;
    }
    return e instanceof Error ? e.message : String(e);
  };
}
