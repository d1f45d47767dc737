// State of the settlement screen: contract and period (month 'YYYY-MM' or quarter 'YYYY-Qn', both in the URL),
// the statement with agent names, the entered items (facts) of the period and the rules they feed.
import { computed, ref, shallowRef, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, useRouter } from 'vue-router';
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { ApiError, type FieldErrors } from '../../api/client';
import {
  contractsApi,
  downloadFile,
  type Contract,
  type Fact,
  type FactInput,
  type Statement,
} from '../../api/workforce';
import { useAuthStore } from '../../stores/auth';
import { loadContractOptions, pickContract, rememberContract, type ContractOption } from '../contracts/options';
import { currentMonth, monthRange } from '../roster/dates';

const PERIOD_RE = /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/;

/** Metrics an entered item can feed (seat gaps and unattended seats are counted from the roster and presence). */
const COUNTED = new Set(['seat_gap_person_days', 'unattended_incidents']);

export function useSettlement() {
  const { t } = useI18n();
  const route = useRoute();
  const router = useRouter();
  const auth = useAuthStore();
  const canEnter = computed(() => auth.hasRole('supervisor', 'admin'));

  const contracts = ref<ContractOption[]>([]);
  const code = ref('');
  const asked = typeof route.query.period === 'string' && PERIOD_RE.test(route.query.period) ? route.query.period : '';
  const kind = ref<'month' | 'quarter'>(asked.includes('Q') ? 'quarter' : 'month');
  const month = ref(asked && !asked.includes('Q') ? asked : currentMonth());
  const year = ref((asked || currentMonth()).slice(0, 4));
  const quarter = ref(asked.includes('Q') ? Number(asked.slice(-1)) : Math.ceil(Number(currentMonth().slice(5)) / 3));
  const period = computed(() => (kind.value === 'month' ? month.value : `${year.value}-Q${quarter.value}`));
  /** Last day of the period asked for. */
  const askedTo = computed(
    () =>
      monthRange(kind.value === 'month' ? month.value : `${year.value}-${String(quarter.value * 3).padStart(2, '0')}`)
        .to,
  );

  const statement = shallowRef<Statement | null>(null);
  const agents = ref<Record<string, string>>({});
  const facts = ref<Fact[]>([]);
  const contract = shallowRef<Contract | null>(null);
  const loading = ref(false);
  const error = ref('');
  const saving = ref(false);
  const factErrors = ref<FieldErrors>({});

  /** The metrics the add form offers: the contract's fact-fed rules, and its fee's counted units. */
  const factMetrics = computed(() => {
    const c = contract.value;
    if (!c) return [];
    const out = c.rules
      .filter((r) => !COUNTED.has(r.metric))
      .map((r) => ({
        metric: r.metric as string,
        label: r.label,
        manual: r.amount.kind === 'manual' ? { minFen: r.amount.minFen, maxFen: r.amount.maxFen } : null,
      }));
    if (c.fee.kind === 'per_device_year')
      out.push({ metric: 'device_days', label: t('settlement.metric.device_days'), manual: null });
    if (c.fee.kind === 'per_unit')
      out.push({ metric: 'assessments', label: t('settlement.metric.assessments'), manual: null });
    return out;
  });
  const ruleLabel = (metric: string) =>
    factMetrics.value.find((m) => m.metric === metric)?.label ?? t(`settlement.metric.${metric}`);

  const message = (e: unknown) =>
    e instanceof ApiError ? [e.message, ...Object.values(e.fields)].filter(Boolean).join(': ') : String(e);

  async function load(): Promise<void> {
    if (!code.value || !PERIOD_RE.test(period.value)) return;
    loading.value = true;
    error.value = '';
    const c = code.value;
    try {
      const [s, f, doc] = await Promise.all([
        contractsApi.statement(c, period.value),
        contractsApi.facts(c, period.value),
        contract.value?.code === c ? Promise.resolve(null) : contractsApi.get(c),
      ]);
      statement.value = s.statement;
      agents.value = s.agents;
      facts.value = f;
      if (doc) contract.value = doc.contract;
    } catch (e) {
      statement.value = null;
      facts.value = [];
      error.value = t('settlement.errors.load', { msg: message(e) });
    } finally {
      loading.value = false;
    }
  }

  async function exportXlsx(): Promise<void> {
    try {
      await downloadFile(contractsApi.statementXlsxPath(code.value, period.value), `settlement-${code.value}.xlsx`);
      ElMessage.success(t('settlement.exported'));
    } catch (e) {
      ElMessage.error(message(e));
    }
  }

  async function addFact(input: FactInput): Promise<boolean> {
    saving.value = true;
    factErrors.value = {};
    try {
      await contractsApi.addFact(code.value, input);
      ElMessage.success(t('settlement.facts.saved'));
      await load();
      return true;
    } catch (e) {
      if (e instanceof ApiError && Object.keys(e.fields).length) factErrors.value = e.fields;
      else ElMessage.error(message(e));
      return false;
    } finally {
      saving.value = false;
    }
  }

  async function voidFact(f: Fact): Promise<void> {
    try {
      await contractsApi.voidFact(code.value, f.id);
      ElMessage.success(t('settlement.facts.voidDone'));
    } catch (e) {
      ElMessage.error(message(e));
    }
    await load();
  }

  async function init(): Promise<void> {
    contracts.value = await loadContractOptions().catch((e) => {
      error.value = message(e);
      return [];
    });
    code.value = pickContract(contracts.value, route.query.contract);
  }

  watch([code, period], ([c, p]) => {
    rememberContract(c);
    if (route.query.contract !== c || route.query.period !== p)
      void router.replace({ query: { ...route.query, contract: c, period: p } });
    void load();
  });

  return {
    canEnter,
    contracts,
    code,
    kind,
    month,
    year,
    quarter,
    period,
    askedTo,
    statement,
    agents,
    facts,
    contract,
    loading,
    error,
    saving,
    factErrors,
    factMetrics,
    ruleLabel,
    init,
    load,
    exportXlsx,
    addFact,
    voidFact,
  };
}
export type SettlementState = ReturnType<typeof useSettlement>;
