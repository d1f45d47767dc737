// 审计查询 (auditors): the audit trail by user, action (prefix), record, ticket, IP and period; each row's
// before / after / data on demand; an export of the same filter (itself audited, limited per hour); and the
// hash chain's verification.
import { reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { ApiError, downloadUrl } from '../../../api/client';
import { auditApi, type AuditQuery, type AuditRow, type ChainReport } from '../../../api/security';
import { rangeToQuery } from '../../tickets/dateRange';

export interface AuditFilter {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  ticketId: string;
  ip: string;
  /** Beijing days [first, last] */
  days: [string, string] | null;
}

const blank = (): AuditFilter => ({
  actor: '',
  action: '',
  entityType: '',
  entityId: '',
  ticketId: '',
  ip: '',
  days: null,
});

export function queryOf(f: AuditFilter, page: number, pageSize: number): AuditQuery {
  const ticket = Number(f.ticketId.trim().replace(/^#/, ''));
  return {
    actor: f.actor.trim() || undefined,
    action: f.action.trim() || undefined,
    entityType: f.entityType.trim() || undefined,
    entityId: f.entityId.trim() || undefined,
    ticketId: Number.isInteger(ticket) && ticket > 0 ? ticket : undefined,
    ip: f.ip.trim() || undefined,
    ...rangeToQuery(f.days),
    page,
    pageSize,
  };
}

export function useAudit() {
  const { t } = useI18n();
  const filter = reactive<AuditFilter>(blank());
  /** the filter of the rows on screen (the export uses it, not what is being typed) */
  let applied: AuditFilter = blank();
  const page = ref(1);
  const pageSize = 30;
  const items = ref<AuditRow[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const error = ref('');
  const errors = ref<Record<string, string>>({});
  const expanded = ref(new Set<number>());
  let controller: AbortController | null = null;

  async function load(): Promise<void> {
    controller?.abort();
    const mine = (controller = new AbortController());
    loading.value = true;
    try {
      const r = await auditApi.search(queryOf(applied, page.value, pageSize), mine.signal);
      items.value = r.items;
      total.value = r.total;
      error.value = '';
      errors.value = {};
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return;
      if (e instanceof ApiError && Object.keys(e.fields).length) errors.value = e.fields;
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      if (controller === mine) loading.value = false;
    }
  }

  function search(): void {
    applied = { ...filter, days: filter.days ? [...filter.days] : null };
    page.value = 1;
    expanded.value = new Set();
    void load();
  }
  function clear(): void {
    Object.assign(filter, blank());
    search();
  }
  function setPage(p: number): void {
    page.value = p;
    void load();
  }
  function toggle(id: number): void {
    const next = new Set(expanded.value);
    if (!next.delete(id)) next.add(id);
    expanded.value = next;
  }

  // ---- export -----------------------------------------------------------------------------------
  const exporting = ref(false);
  async function exportXlsx(): Promise<void> {
    exporting.value = true;
    try {
      await downloadUrl(auditApi.exportUrl(queryOf(applied, 1, pageSize)), 'audit.xlsx');
    } catch (e) {
      if (e instanceof ApiError && e.code === 'RATE_LIMITED')
        ElMessage.error(t('security.audit.exportLimit', { limit: String(e.details.limit ?? '?') }));
      else ElMessage.error(t('security.audit.exportFailed', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      exporting.value = false;
    }
  }

  // ---- chain verification -----------------------------------------------------------------------
  const verifying = ref(false);
  const report = ref<ChainReport | null>(null);
  async function verify(): Promise<void> {
    verifying.value = true;
    try {
      report.value = await auditApi.verify();
      void load(); // rows sealed by the check now show their place in the chain
    } catch (e) {
      ElMessage.error(e instanceof Error ? e.message : String(e));
    } finally {
      verifying.value = false;
    }
  }

  return {
    filter,
    page,
    pageSize,
    items,
    total,
    loading,
    error,
    errors,
    expanded,
    search,
    clear,
    setPage,
    toggle,
    exporting,
    exportXlsx,
    verifying,
    report,
    verify,
  };
}
