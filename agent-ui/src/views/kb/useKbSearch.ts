// State and actions of the knowledge-base list: the query lives in the URL (?q=&categoryId=&status=&page=),
// so the back button from an article returns to the same results.
import { computed, reactive, ref, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { kbApi, type KbSearchItem, type KbStatus } from '../../api/kb';
import { ApiError } from '../../api/client';
import { queryTerms } from './highlight';

const PAGE_SIZE = 20;
const STATUSES: KbStatus[] = ['draft', 'published', 'archived'];

export function useKbSearch() {
  const route = useRoute();
  const router = useRouter();
  const search = ref('');
  const list = reactive({ items: [] as KbSearchItem[], total: 0, page: 1, loading: false, error: '' });

  const query = computed(() => {
    const num = (v: unknown) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);
    const status = route.query.status;
    return {
      q: typeof route.query.q === 'string' ? route.query.q : '',
      categoryId: num(route.query.categoryId),
      status: STATUSES.includes(status as KbStatus) ? (status as KbStatus) : undefined,
      page: num(route.query.page) ?? 1,
    };
  });
  const terms = computed(() => queryTerms(query.value.q));

  let controller: AbortController | null = null;
  async function load() {
    controller?.abort();
    const mine = (controller = new AbortController());
    list.loading = true;
    list.error = '';
    try {
      const r = await kbApi.search({ ...query.value, q: query.value.q || undefined, pageSize: PAGE_SIZE }, mine.signal);
      Object.assign(list, { items: r.items, total: r.total, page: r.page });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return;
      list.error = e instanceof ApiError ? e.message : String(e);
    } finally {
      if (controller === mine) list.loading = false;
    }
  }

  function setQuery(patch: Partial<{ q: string; categoryId: number; status: KbStatus; page: number }>) {
    const next = { ...query.value, page: 1, ...patch };
    void router.replace({
      name: 'kb',
      query: {
        ...(next.q ? { q: next.q } : {}),
        ...(next.categoryId ? { categoryId: String(next.categoryId) } : {}),
        ...(next.status ? { status: next.status } : {}),
        ...(next.page > 1 ? { page: String(next.page) } : {}),
      },
    });
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  /** typing searches after a short pause; Enter searches at once */
  function onSearchInput() {
    clearTimeout(timer);
    timer = setTimeout(applySearch, 300);
  }
  function applySearch() {
    clearTimeout(timer);
    if (search.value.trim() !== query.value.q) setQuery({ q: search.value.trim() });
  }

  watch(
    query,
    (q) => {
      if (route.name !== 'kb') return;
      if (search.value.trim() !== q.q) search.value = q.q;
      void load();
    },
    { immediate: true, deep: true },
  );

  return {
    list,
    query,
    terms,
    search,
    statuses: STATUSES,
    pageSize: PAGE_SIZE,
    onSearchInput,
    applySearch,
    setCategory: (categoryId: number | undefined) => setQuery({ categoryId }),
    setStatus: (status: KbStatus | undefined) => setQuery({ status }),
    setPage: (page: number) => setQuery({ page }),
    reload: load,
  };
}
