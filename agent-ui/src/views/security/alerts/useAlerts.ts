// 安全告警: open (or all) security alerts, newest first, each acknowledged once by whoever handled it.
import { ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { ApiError } from '../../../api/client';
import { alertsApi, type SecurityAlert } from '../../../api/security';
import { useSecurityAlertsStore } from '../../../stores/securityAlerts';

export function useAlerts() {
  const { t } = useI18n();
  const store = useSecurityAlertsStore();
  const onlyOpen = ref(true);
  const alerts = ref<SecurityAlert[]>([]);
  const loading = ref(false);
  const error = ref('');
  const busy = ref<number | null>(null);
  let seq = 0;

  async function load(): Promise<void> {
    const mine = ++seq;
    loading.value = true;
    try {
      const rows = await alertsApi.list(onlyOpen.value);
      if (mine !== seq) return;
      alerts.value = rows;
      error.value = '';
      if (onlyOpen.value) store.openCount = rows.length;
      else void store.refresh().catch(() => undefined);
    } catch (e) {
      if (mine === seq) error.value = e instanceof Error ? e.message : String(e);
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  async function acknowledge(a: SecurityAlert): Promise<void> {
    busy.value = a.id;
    try {
      await alertsApi.acknowledge(a.id);
      store.acknowledged();
      ElMessage.success(t('security.alerts.acknowledgedMessage'));
    } catch (e) {
      // someone else acknowledged it first: the reload shows who
      if (!(e instanceof ApiError && e.status === 404)) ElMessage.error(e instanceof Error ? e.message : String(e));
    } finally {
      busy.value = null;
      await load();
    }
  }

  watch(onlyOpen, () => void load());
  // a new alert arrived over the socket
  watch(
    () => store.revision,
    () => void load(),
  );

  return { onlyOpen, alerts, loading, error, busy, load, acknowledge };
}

/** the alert's details in words: what the server recorded with it */
export function alertParams(a: { data: Record<string, unknown> }): Record<string, string> {
  const d = a.data ?? {};
  const broken = d.broken as { seq?: number } | null | undefined;
  return {
    limit: String(d.limit ?? '?'),
    used: String(d.used ?? '?'),
    failures: String(d.failures ?? '?'),
    ip: String(d.ip ?? '—'),
    seq: String(broken?.seq ?? '?'),
  };
}
