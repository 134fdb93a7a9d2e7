/** Locale-aware formatting of dates and durations for tables and inspectors. */
import { useI18n } from 'vue-i18n';

export function useFormatters() {
  const { locale, t } = useI18n();

  /** `2026-02-20 14:05` in the current locale; `—` for empty values. */
  function dateTime(value: string | null | undefined): string {
    if (!value) return '—';
    const d = new Date(value);
    if (Number.isNaN(d.getTime())) return value;
    return new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
  }

  /** Elapsed time between two instants, e.g. `1.2 s`, `3 min`, `2 h`. */
  function elapsed(from: string | null | undefined, to: string | null | undefined): string {
    if (!from || !to) return '—';
    const ms = new Date(to).getTime() - new Date(from).getTime();
    if (!Number.isFinite(ms) || ms < 0) return '—';
    if (ms < 1000) return `${ms} ms`;
    if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
    if (ms < 3_600_000) return `${Math.round(ms / 60_000)} ${t('duration.minutesShort')}`;
    if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} ${t('duration.hoursShort')}`;
    return `${(ms / 86_400_000).toFixed(1)} ${t('duration.daysShort')}`;
  }

  return { dateTime, elapsed };
}
