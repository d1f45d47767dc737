// A work list view's state: which list and page, loaded through the store (so live events refresh it).
import { computed, onBeforeUnmount, ref, type Ref } from 'vue';
import { ApiError } from '../../api/client';
import type { WorkListKind, WorkListParams, WorkRows } from '../../api/work';
import { useWorkStore } from '../../stores/work';

export function useWorkList<K extends WorkListKind>(initial: K, extra: Partial<WorkListParams> = {}) {
  const store = useWorkStore();
  const kind = ref(initial) as Ref<K>;
  const params = ref<WorkListParams>({ page: 1, pageSize: 20, ...extra });

  const load = () => store.loadList(kind.value, params.value).catch(() => undefined);
  function show(k: K, more: Partial<WorkListParams> = {}) {
    kind.value = k;
    params.value = { ...params.value, page: 1, ...more };
    void load();
  }
  function setPage(page: number) {
    params.value = { ...params.value, page };
    void load();
  }
  void load();
  store.refreshSummary().catch(() => undefined);
  onBeforeUnmount(() => store.closeList(kind.value));

  const items = computed(() => (store.list.kind === kind.value ? store.list.items : []) as WorkRows[K][]);
  const forbidden = computed(() => store.list.error instanceof ApiError && store.list.error.status === 403);
  return { store, kind, params, items, forbidden, show, setPage, reload: load };
}

/** What WorkPage needs of a page's list. */
export type WorkListState = Pick<
  ReturnType<typeof useWorkList>,
  'store' | 'params' | 'items' | 'forbidden' | 'setPage'
>;
