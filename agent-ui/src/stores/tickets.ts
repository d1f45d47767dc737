import { reactive, ref, watch } from 'vue';
import { defineStore } from 'pinia';
import { ticketsApi } from '../api/tickets';
import type {
  ActionName,
  TicketCreatedEvent,
  TicketDetail,
  TicketListQuery,
  TicketSummary,
  TicketUpdatedEvent,
  TimelineEvent,
} from '../api/types';
import { useAuthStore } from './auth';

const REFRESH_DELAY_MS = 250;

export const useTicketsStore = defineStore('tickets', () => {
  /** Highest version seen per ticket id, from any source (list, detail, action result, realtime event). */
  const versions = new Map<number, number>();

  function noteVersion(id: number, version: number): void {
    if (version > (versions.get(id) ?? -1)) versions.set(id, version);
  }

  function versionOf(id: number): number | undefined {
    return versions.get(id);
  }

  // ---- list -------------------------------------------------------------------------------------
  const list = reactive({
    items: [] as TicketSummary[],
    total: 0,
    page: 1,
    pageSize: 20,
    loading: false,
    error: null as unknown,
  });
  let listQuery: TicketListQuery | null = null;
  let listSeq = 0;

  async function fetchList(query: TicketListQuery): Promise<void> {
    listQuery = query;
    const seq = ++listSeq;
    list.loading = true;
    try {
      const page = await ticketsApi.list(query);
      if (seq !== listSeq) return; // a newer query won
      list.items = page.items;
      list.total = page.total;
      list.page = page.page;
      list.pageSize = page.pageSize;
      list.error = null;
      for (const t of page.items) noteVersion(t.id, t.version);
    } catch (err) {
      if (seq === listSeq) list.error = err;
    } finally {
      if (seq === listSeq) list.loading = false;
    }
  }

  function patchListRow(id: number, patch: Partial<TicketSummary>): boolean {
    const row = list.items.find((t) => t.id === id);
    if (row) Object.assign(row, patch);
    return !!row;
  }

  // ---- detail -----------------------------------------------------------------------------------
  /** The ticket the detail view shows; the realtime connector watches this id. */
  const currentId = ref<number | null>(null);
  const detail = ref<TicketDetail | null>(null);
  const allowedActions = ref<ActionName[]>([]);
  /** 'history': a department that no longer holds the ticket sees its history only, without personal data */
  const detailAccess = ref<'full' | 'history'>('full');
  const timeline = ref<TimelineEvent[]>([]);
  const detailLoading = ref(false);
  const detailError = ref<unknown>(null);
  let detailSeq = 0;

  async function openDetail(id: number): Promise<void> {
    if (currentId.value !== id) {
      detail.value = null;
      allowedActions.value = [];
      timeline.value = [];
      detailError.value = null;
    }
    currentId.value = id;
    await loadDetail(id);
  }

  function closeDetail(id: number): void {
    if (currentId.value !== id) return;
    currentId.value = null;
    detail.value = null;
    allowedActions.value = [];
    timeline.value = [];
  }

  async function loadDetail(id: number): Promise<void> {
    const seq = ++detailSeq;
    detailLoading.value = true;
    try {
      const [{ ticket, allowedActions: actions, access }, events] = await Promise.all([
        ticketsApi.get(id),
        ticketsApi.timeline(id),
      ]);
      if (seq !== detailSeq || currentId.value !== id) return;
      noteVersion(id, ticket.version);
      detail.value = ticket;
      allowedActions.value = actions;
      detailAccess.value = access ?? 'full';
      timeline.value = events;
      detailError.value = null;
      patchListRow(id, { status: ticket.status, version: ticket.version });
    } catch (err) {
      if (seq === detailSeq) detailError.value = err;
      throw err;
    } finally {
      if (seq === detailSeq) detailLoading.value = false;
    }
  }

  /** Runs an action with the version the user was looking at; a 409 VERSION_CONFLICT surfaces as ApiError. */
  /** `baseVersion`: the version the user saw when they started (a dialog), so a change made meanwhile by
   *  someone else is a 409 the user gets to see, not something silently acted upon. */
  async function performAction(
    id: number,
    action: ActionName,
    fields: Record<string, unknown>,
    baseVersion?: number,
  ): Promise<void> {
    const version = baseVersion ?? (detail.value?.id === id ? detail.value.version : versionOf(id));
    if (version === undefined) throw new Error(`ticket ${id} not loaded`);
    const ticket = await ticketsApi.act(id, action, { ...fields, version });
    noteVersion(id, ticket.version);
    if (currentId.value === id) detail.value = ticket;
    patchListRow(id, { status: ticket.status, version: ticket.version });
    // allowedActions and the timeline changed too
    if (currentId.value === id) await loadDetail(id).catch(() => undefined);
  }

  // ---- realtime (called by realtime/connector.ts only, after its staleness check) -----------------
  let listTimer: ReturnType<typeof setTimeout> | undefined;
  let detailTimer: ReturnType<typeof setTimeout> | undefined;

  function scheduleListRefresh(): void {
    clearTimeout(listTimer);
    listTimer = setTimeout(() => {
      if (listQuery) void fetchList(listQuery);
    }, REFRESH_DELAY_MS);
  }

  function scheduleDetailRefresh(id: number): void {
    clearTimeout(detailTimer);
    detailTimer = setTimeout(() => {
      if (currentId.value === id) loadDetail(id).catch(() => undefined);
    }, REFRESH_DELAY_MS);
  }

  function applyRemoteUpdate(event: TicketUpdatedEvent): void {
    noteVersion(event.ticketId, event.version);
    const inList = patchListRow(event.ticketId, { status: event.status, version: event.version });
    // the row may have left the filtered list
    if (inList && listQuery?.status?.length && !listQuery.status.includes(event.status)) scheduleListRefresh();
    if (currentId.value === event.ticketId) scheduleDetailRefresh(event.ticketId);
  }

  function applyRemoteCreate(event: TicketCreatedEvent): void {
    noteVersion(event.ticketId, event.version);
    if (listQuery && listQuery.page === 1) scheduleListRefresh();
  }

  /** After a reconnect: events may have been missed, so reload what is on screen. */
  function resync(): void {
    if (listQuery) scheduleListRefresh();
    if (currentId.value !== null) scheduleDetailRefresh(currentId.value);
  }

  // ---- session ----------------------------------------------------------------------------------
  function reset(): void {
    clearTimeout(listTimer);
    clearTimeout(detailTimer);
    versions.clear();
    listQuery = null;
    listSeq++;
    detailSeq++;
    Object.assign(list, { items: [], total: 0, page: 1, loading: false, error: null });
    currentId.value = null;
    detail.value = null;
    allowedActions.value = [];
    timeline.value = [];
    detailError.value = null;
  }

  // nothing of one user's session survives into another's
  const auth = useAuthStore();
  watch(
    () => auth.user?.id,
    () => reset(),
  );

  return {
    list,
    currentId,
    detail,
    allowedActions,
    detailAccess,
    timeline,
    detailLoading,
    detailError,
    versionOf,
    fetchList,
    openDetail,
    closeDetail,
    loadDetail,
    performAction,
    applyRemoteUpdate,
    applyRemoteCreate,
    resync,
    reset,
  };
});
