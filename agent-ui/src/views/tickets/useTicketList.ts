import { computed, onBeforeUnmount, ref, watch } from 'vue';
import { useRoute, useRouter, type LocationQuery } from 'vue-router';
import { storeToRefs } from 'pinia';
import { TICKET_STATUSES, type Channel, type TicketListQuery, type TicketStatus } from '../../api/types';
import { useTicketsStore } from '../../stores/tickets';

const PAGE_SIZE = 20;
const SEARCH_DEBOUNCE_MS = 300;
export const CHANNELS: Channel[] = ['phone_12345', 'elder_hotline', 'one_key_device', 'weibo', 'web', 'message_board'];
/** The URL keys of the list's criteria (everything but the page); a saved filter holds exactly these. */
export const FILTER_KEYS = [
  'status',
  'q',
  'overdue',
  'unitId',
  'categoryId',
  'channel',
  'streetId',
  'from',
  'to',
  'sort',
] as const;

function one(value: LocationQuery[string]): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v ?? undefined;
}
const positive = (v: string | undefined) => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
};
const isoOrUndefined = (v: string | undefined) => (v && !Number.isNaN(Date.parse(v)) ? v : undefined);

/** Filters live in the URL (?status=a,b&categoryId=&from=&page=…) so reload, back and links keep them. */
export function parseQuery(query: LocationQuery): TicketListQuery {
  const status = (one(query.status) ?? '')
    .split(',')
    .filter((s): s is TicketStatus => (TICKET_STATUSES as readonly string[]).includes(s));
  const channel = one(query.channel);
  return {
    status: status.length ? status : undefined,
    q: one(query.q)?.trim() || undefined,
    overdue: one(query.overdue) === 'true' || undefined,
    unitId: positive(one(query.unitId)),
    categoryId: positive(one(query.categoryId)),
    channel: (CHANNELS as string[]).includes(channel ?? '') ? (channel as Channel) : undefined,
    streetId: positive(one(query.streetId)),
    from: isoOrUndefined(one(query.from)),
    to: isoOrUndefined(one(query.to)),
    sort: one(query.sort) === 'closeDueAt' ? 'closeDueAt' : undefined,
    page: positive(one(query.page)) ?? 1,
    pageSize: PAGE_SIZE,
  };
}

/** The criteria as URL/query-string values (what the server and saved filters take). */
export function criteriaOf(q: Partial<TicketListQuery>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of FILTER_KEYS) {
    const v = q[k];
    if (v === undefined || v === null || v === '' || v === false) continue;
    if (Array.isArray(v)) {
      if (v.length) out[k] = v.join(',');
    } else out[k] = String(v);
  }
  return out;
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

  function navigate(criteria: Record<string, string>, page = 1): void {
    void router.replace({ name: 'tickets', query: { ...criteria, ...(page > 1 ? { page: String(page) } : {}) } });
  }
  function update(patch: Partial<Omit<TicketListQuery, 'pageSize'>>): void {
    const next = { ...query.value, page: 1, ...patch };
    navigate(criteriaOf(next), next.page);
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
    update,
    /** replace every criterion at once (a saved filter) */
    applyCriteria: (criteria: Record<string, string>) => navigate(criteria),
    clear: () => navigate({}),
    setPage: (page: number) => update({ page }),
    refresh: () => store.fetchList(query.value),
    open,
  };
}
