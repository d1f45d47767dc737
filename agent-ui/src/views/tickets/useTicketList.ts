import { computed, onBeforeUnmount, ref, watch } from 'vue';
import { useRoute, useRouter, type LocationQuery } from 'vue-router';
import { storeToRefs } from 'pinia';
import { TICKET_STATUSES, type TicketListQuery, type TicketStatus } from '../../api/types';
import { useTicketsStore } from '../../stores/tickets';

const PAGE_SIZE = 20;
const SEARCH_DEBOUNCE_MS = 300;

function one(value: LocationQuery[string]): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v ?? undefined;
}

/** Filters live in the URL (?status=&q=&overdue=&page=) so reload and back keep them. */
function parseQuery(query: LocationQuery): TicketListQuery {
  const status = one(query.status);
  const page = Number(one(query.page));
  return {
    status: (TICKET_STATUSES as readonly string[]).includes(status ?? '') ? (status as TicketStatus) : undefined,
    q: one(query.q)?.trim() || undefined,
    overdue: one(query.overdue) === 'true' || undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZE,
  };
}

export function useTicketList() {
  const store = useTicketsStore();
  const route = useRoute();
  const router = useRouter();
  const { list } = storeToRefs(store);

  const query = computed(() => parseQuery(route.query));
  const search = ref(query.value.q ?? '');

  watch(
    () => (route.name === 'tickets' ? JSON.stringify(query.value) : null),
    (key) => {
      if (key === null) return; // leaving the view
      search.value = query.value.q ?? '';
      void store.fetchList(query.value);
    },
    { immediate: true },
  );

  function update(patch: Partial<Omit<TicketListQuery, 'pageSize'>>): void {
    const next = { ...query.value, page: 1, ...patch };
    void router.replace({
      name: 'tickets',
      query: {
        ...(next.status ? { status: next.status } : {}),
        ...(next.q ? { q: next.q } : {}),
        ...(next.overdue ? { overdue: 'true' } : {}),
        ...(next.page > 1 ? { page: String(next.page) } : {}),
      },
    });
  }

  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  function onSearchInput(): void {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(applySearch, SEARCH_DEBOUNCE_MS);
  }
  function applySearch(): void {
    clearTimeout(searchTimer);
    const q = search.value.trim() || undefined;
    if (q !== query.value.q) update({ q });
  }
  onBeforeUnmount(() => clearTimeout(searchTimer));

  function open(id: number): void {
    void router.push({ name: 'ticket-detail', params: { id: String(id) } });
  }

  return {
    list,
    query,
    search,
    statuses: TICKET_STATUSES,
    onSearchInput,
    applySearch,
    setStatus: (status: TicketStatus | undefined) => update({ status: status || undefined }),
    setOverdue: (overdue: boolean) => update({ overdue: overdue || undefined }),
    setPage: (page: number) => update({ page }),
    refresh: () => store.fetchList(query.value),
    open,
  };
}
