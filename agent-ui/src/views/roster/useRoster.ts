// State and actions of the leader's month grid. The contract and month live in the URL (?contract=&month=) so
// a grid can be linked, reloaded and printed. Every change sends the roster version the leader saw; a 409
// reloads the month and says so, nothing is overwritten silently.
import { computed, ref, shallowRef, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, useRouter } from 'vue-router';
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { ApiError } from '../../api/client';
import {
  downloadFile,
  rosterApi,
  type CoverageCell,
  type PlanReport,
  type RosterCell,
  type RosterMonth,
} from '../../api/workforce';
import { useAuthStore } from '../../stores/auth';
import { loadContractOptions, pickContract, rememberContract, type ContractOption } from '../contracts/options';
import { currentMonth } from './dates';

export const cellKey = (userId: number, day: string) => `${userId}|${day}`;

export function useRoster() {
  const { t } = useI18n();
  const route = useRoute();
  const router = useRouter();
  const auth = useAuthStore();
  const canEdit = computed(() => auth.hasRole('shift_leader', 'admin'));

  const contracts = ref<ContractOption[]>([]);
  const code = ref('');
  const month = ref(typeof route.query.month === 'string' ? route.query.month : currentMonth());
  const view = shallowRef<RosterMonth | null>(null);
  const plan = shallowRef<PlanReport | null>(null);
  const loading = ref(false);
  const busy = ref(false);
  const error = ref('');
  /** set after a 409: the version we reloaded to */
  const conflict = ref<number | null>(null);

  // ---- derived lookups (one pass each, the grid reads them per cell) -------------------------------
  const cells = computed(() => new Map((view.value?.assignments ?? []).map((a) => [cellKey(a.userId, a.day), a])));
  const templates = computed(() => new Map((view.value?.templates ?? []).map((x) => [x.code, x])));
  const agentNames = computed(() => new Map((view.value?.agents ?? []).map((a) => [String(a.id), a.name])));
  const coverage = computed(() => {
    const m = new Map<string, CoverageCell>();
    for (const c of view.value?.coverage ?? []) m.set(`${c.requirementId}|${c.day}`, c);
    return m;
  });
  const gapDays = computed(() => new Set((view.value?.coverage ?? []).filter((c) => c.gap > 0).map((c) => c.day)));
  const gapTotal = computed(() => (view.value?.coverage ?? []).reduce((n, c) => n + c.gap, 0));
  /** assignment ids named by a rule violation (a coverage gap names the shifts that do cover: left out) */
  const flagged = computed(
    () =>
      new Set((view.value?.violations ?? []).filter((v) => v.code !== 'COVERAGE_GAP').flatMap((v) => v.assignmentIds)),
  );
  const onLeave = computed(() => {
    const s = new Set<string>();
    const days = view.value?.days.map((d) => d.day) ?? [];
    for (const l of view.value?.leave ?? [])
      for (const d of days) if (d >= l.from && d <= l.to) s.add(cellKey(Number(l.agentId), d));
    return s;
  });

  function fail(e: unknown): void {
    if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') return;
    const msg = e instanceof ApiError && e.status === 403 ? t('roster.errors.forbidden') : (e as Error).message;
    const fields = e instanceof ApiError ? Object.values(e.fields).join('; ') : '';
    ElMessage.error(fields ? `${msg}: ${fields}` : msg);
  }

  async function load(): Promise<void> {
    if (!code.value) return;
    loading.value = true;
    error.value = '';
    try {
      view.value = await rosterApi.month(code.value, month.value);
    } catch (e) {
      view.value = null;
      const fields = e instanceof ApiError ? Object.values(e.fields).join('; ') : '';
      error.value = t('roster.errors.load', { msg: fields || (e as Error).message });
    } finally {
      loading.value = false;
    }
  }

  /** Runs a change; on a stale version reloads and tells the leader instead of overwriting. */
  async function change(fn: (version: number | undefined) => Promise<RosterMonth>): Promise<boolean> {
    busy.value = true;
    try {
      view.value = await fn(view.value?.roster?.version);
      conflict.value = null;
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        await load();
        conflict.value = view.value?.roster?.version ?? null;
        ElMessage.warning(t('roster.conflict', { v: conflict.value ?? '?' }));
      } else fail(e);
      return false;
    } finally {
      busy.value = false;
    }
  }

  const autoPlan = () =>
    change(async (version) => {
      const r = await rosterApi.autoPlan(code.value, month.value, version);
      plan.value = r.plan;
      ElMessage.success(
        t('roster.done.planned', {
          planned: r.plan.stats.planned,
          fixed: r.plan.stats.fixed,
          gaps: r.plan.gaps.length,
        }),
      );
      return r;
    });

  /** The first change of a month never planned creates its draft roster at version 1. */
  const setCell = (userId: number, day: string, templateCode: string | null) =>
    change((version) =>
      rosterApi.setCell(code.value, month.value, { userId, day, templateCode, version: version ?? 1 }),
    );

  const publish = () =>
    change(async (version) => {
      const r = await rosterApi.publish(code.value, month.value, version ?? 1);
      ElMessage.success(t('roster.done.published'));
      return r;
    });

  async function exportXlsx(): Promise<void> {
    await downloadFile(rosterApi.exportPath(code.value, month.value), `roster-${code.value}-${month.value}.xlsx`).catch(
      fail,
    );
  }

  async function init(): Promise<void> {
    try {
      contracts.value = await loadContractOptions();
    } catch (e) {
      fail(e);
      return;
    }
    code.value = pickContract(contracts.value, route.query.contract);
  }

  watch([code, month], ([c, m]) => {
    rememberContract(c);
    plan.value = null;
    conflict.value = null;
    if (route.query.contract !== c || route.query.month !== m)
      void router.replace({ query: { ...route.query, contract: c, month: m } });
    void load();
  });

  const cellOf = (userId: number, day: string): RosterCell | undefined => cells.value.get(cellKey(userId, day));

  return {
    canEdit,
    contracts,
    code,
    month,
    view,
    plan,
    loading,
    busy,
    error,
    conflict,
    templates,
    agentNames,
    coverage,
    gapDays,
    gapTotal,
    flagged,
    onLeave,
    cellOf,
    init,
    load,
    autoPlan,
    setCell,
    publish,
    exportXlsx,
  };
}
export type RosterState = ReturnType<typeof useRoster>;
