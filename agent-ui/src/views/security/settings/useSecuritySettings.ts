// 安全设置: the security policy in force, the defaults it started from, and its history. A change is a new
// version from now or from a chosen instant (never the past); only the fields changed here are sent.
import { computed, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { ApiError } from '../../../api/client';
import { settingsApi, type PolicyVersion, type SecurityPolicy } from '../../../api/security';

export type PolicyKey = keyof SecurityPolicy;

export const NUMBER_FIELDS: Array<{ key: PolicyKey; min: number; max: number; unit?: string }> = [
  { key: 'passwordMinLength', min: 8, max: 128, unit: 'chars' },
  { key: 'passwordMinClasses', min: 1, max: 4, unit: 'classes' },
  { key: 'passwordHistory', min: 0, max: 24, unit: 'times' },
  { key: 'passwordMaxAgeDays', min: 0, max: 3650, unit: 'days' },
  { key: 'sessionIdleMinutes', min: 1, max: 1440, unit: 'minutes' },
  { key: 'sessionMaxHours', min: 1, max: 720, unit: 'hours' },
  { key: 'revealLimitPerHour', min: 1, max: 10000, unit: 'perHour' },
  { key: 'exportLimitPerHour', min: 1, max: 1000, unit: 'perHour' },
];

const same = (a: unknown, b: unknown) =>
  Array.isArray(a) && Array.isArray(b) ? [...a].sort().join() === [...b].sort().join() : a === b;

/** Beijing wall time 'YYYY-MM-DD HH:mm' → ISO instant with +08:00 */
export const beijingInstant = (v: string) => `${v.replace(' ', 'T')}:00+08:00`;

export function useSecuritySettings() {
  const { t } = useI18n();
  const value = ref<SecurityPolicy | null>(null);
  const defaults = ref<SecurityPolicy | null>(null);
  const history = ref<PolicyVersion[]>([]);
  const form = reactive({} as SecurityPolicy);
  const validFrom = ref<string | null>(null);
  const errors = ref<Record<string, string>>({});
  const loading = ref(false);
  const saving = ref(false);
  const error = ref('');

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const r = await settingsApi.security();
      value.value = r.value;
      defaults.value = r.defaults;
      history.value = [...r.history].reverse(); // newest first
      Object.assign(form, structuredClone(r.value));
      error.value = '';
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      loading.value = false;
    }
  }

  const changes = computed<Partial<SecurityPolicy>>(() => {
    const out: Record<string, unknown> = {};
    if (!value.value) return out;
    for (const k of Object.keys(value.value) as PolicyKey[]) if (!same(form[k], value.value[k])) out[k] = form[k];
    return out as Partial<SecurityPolicy>;
  });
  const dirty = computed(() => Object.keys(changes.value).length > 0);

  function reset(): void {
    if (value.value) Object.assign(form, structuredClone(value.value));
    validFrom.value = null;
    errors.value = {};
  }

  async function save(): Promise<void> {
    if (!dirty.value || saving.value) return;
    saving.value = true;
    errors.value = {};
    try {
      const r = await settingsApi.updateSecurity(
        changes.value,
        validFrom.value ? beijingInstant(validFrom.value) : undefined,
      );
      ElMessage.success(
        Date.parse(r.validFrom) > Date.now() + 60_000
          ? t('security.settings.scheduled', { at: validFrom.value })
          : t('security.settings.saved'),
      );
      validFrom.value = null;
      await load();
    } catch (e) {
      if (e instanceof ApiError && Object.keys(e.fields).length) {
        errors.value = Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k.replace(/^value\./, ''), v]));
        ElMessage.error(t('errors.validation'));
      } else ElMessage.error(e instanceof Error ? e.message : String(e));
    } finally {
      saving.value = false;
    }
  }

  /** what a version changed against the one before it (the oldest: against the defaults) */
  function diffOf(i: number): Array<{ key: PolicyKey; from: unknown; to: unknown }> {
    const v = history.value[i].value;
    const before = (history.value[i + 1]?.value ?? defaults.value ?? {}) as Partial<SecurityPolicy>;
    return (Object.keys(v) as PolicyKey[])
      .filter((k) => !same(v[k], before[k]))
      .map((k) => ({ key: k, from: before[k], to: v[k] }));
  }

  return {
    value,
    defaults,
    history,
    form,
    validFrom,
    errors,
    loading,
    saving,
    error,
    dirty,
    load,
    reset,
    save,
    diffOf,
  };
}
