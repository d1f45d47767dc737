// Attendance of one contract and day; contract and day live in the URL (?contract=&day=).
import { computed, ref, shallowRef, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { ApiError } from '../../api/client';
import { rosterApi, type Attendance } from '../../api/workforce';
import { loadContractOptions, pickContract, rememberContract, type ContractOption } from '../contracts/options';
import { todayShanghai } from '../roster/dates';

export function useAttendance() {
  const route = useRoute();
  const router = useRouter();
  const contracts = ref<ContractOption[]>([]);
  const code = ref('');
  const day = ref(typeof route.query.day === 'string' ? route.query.day : todayShanghai());
  const data = shallowRef<Attendance | null>(null);
  const loading = ref(false);
  const error = ref('');
  const templateNames = ref(new Map<string, string>());

  const summary = computed(() => {
    const rows = data.value?.rows ?? [];
    return {
      ok: rows.filter((r) => r.status === 'ok').length,
      late: rows.filter((r) => r.status !== 'ok' && r.status !== 'absent').length,
      absent: rows.filter((r) => r.status === 'absent').length,
      incidents: data.value?.incidents.length ?? 0,
    };
  });

  async function load(): Promise<void> {
    if (!code.value || !day.value) return;
    loading.value = true;
    error.value = '';
    try {
      data.value = await rosterApi.attendance(code.value, day.value);
    } catch (e) {
      data.value = null;
      error.value = e instanceof ApiError ? [e.message, ...Object.values(e.fields)].join(': ') : String(e);
    } finally {
      loading.value = false;
    }
  }

  async function init(): Promise<void> {
    const [options, templates] = await Promise.all([
      loadContractOptions().catch(() => []),
      rosterApi.templates().catch(() => []),
    ]);
    contracts.value = options;
    templateNames.value = new Map(templates.map((x) => [x.code, x.name]));
    code.value = pickContract(contracts.value, route.query.contract);
  }

  watch([code, day], ([c, d]) => {
    rememberContract(c);
    if (route.query.contract !== c || route.query.day !== d)
      void router.replace({ query: { ...route.query, contract: c, day: d } });
    void load();
  });

  return { contracts, code, day, data, loading, error, summary, templateNames, init, load };
}
