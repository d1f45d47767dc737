// Work queues: the signed-in user's counts (home page) and the one work list on screen.
// realtime/connector.ts calls onRemoteChange() for ticket and deadline events; refreshes are debounced.
import { reactive, ref } from 'vue';
import { defineStore } from 'pinia';
import { workApi, type AnyWorkRow, type WorkCounts, type WorkListKind, type WorkListParams } from '../api/work';

const REMOTE_DEBOUNCE_MS = 500;

export const useWorkStore = defineStore('work', () => {
  const summary = ref<WorkCounts>({});
  const summaryScope = ref<'department' | 'centre' | null>(null);
  let summarySeq = 0;

  async function refreshSummary(): Promise<void> {
    const seq = ++summarySeq;
    const r = await workApi.summary();
    if (seq !== summarySeq) return;
    summary.value = r.counts;
    summaryScope.value = r.scope;
  }

  const list = reactive({
    kind: null as WorkListKind | null,
    params: { page: 1, pageSize: 20 } as WorkListParams,
    items: [] as AnyWorkRow[],
    total: 0,
    loading: false,
    error: null as unknown,
  });
  let listSeq = 0;

  async function loadList(kind: WorkListKind, params: WorkListParams): Promise<void> {
    list.kind = kind;
    list.params = { ...params };
    const seq = ++listSeq;
    list.loading = true;
    try {
      const page = await workApi.list(kind, params);
      if (seq !== listSeq) return; // a newer request won
      list.items = page.items;
      list.total = page.total;
      list.error = null;
    } catch (err) {
      if (seq === listSeq) list.error = err;
      throw err;
    } finally {
      if (seq === listSeq) list.loading = false;
    }
  }

  async function refreshList(): Promise<void> {
    if (list.kind) await loadList(list.kind, list.params);
  }

  /** The view left: stop refreshing a list nobody sees. */
  function closeList(kind: WorkListKind): void {
    if (list.kind !== kind) return;
    list.kind = null;
    list.items = [];
    list.total = 0;
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  /** A ticket or deadline changed somewhere: refresh what is shown, once per burst of events. */
  function onRemoteChange(): void {
    clearTimeout(timer);
    timer = setTimeout(() => {
      refreshList().catch(() => undefined);
      if (summaryScope.value !== null) refreshSummary().catch(() => undefined);
    }, REMOTE_DEBOUNCE_MS);
  }

  return { summary, summaryScope, refreshSummary, list, loadList, refreshList, closeList, onRemoteChange };
});
