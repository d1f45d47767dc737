// Short cell labels and colours of shift templates: 早 / 晚 / 白 / 夜 / 值 / 24 / 备 for the seeded ones, the
// first character of the name for a template added later.
import { useI18n } from 'vue-i18n';

export function useShortName() {
  const { t, te } = useI18n();
  return (code: string, name?: string): string => {
    const key = `roster.short.${code}`;
    return te(key) ? t(key) : (name ?? code).slice(0, 2);
  };
}
