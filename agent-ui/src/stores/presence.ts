// Presence: the signed-in agent's own state (the header bar) and everyone's (the wallboard). Realtime
// events arrive through the connector as `applyRemote`; an event older than what we show is dropped.
import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import { presenceApi, type NotReadyReason, type PresenceState, type PresenceView } from '../api/presence';

/** What the connector passes in (the server's presence:changed payload). */
export interface PresenceEvent {
  userId: number;
  displayName: string;
  state: PresenceState;
  reason: string | null;
  since: string;
  version: number;
}

export const usePresenceStore = defineStore('presence', () => {
  const mine = ref<PresenceView | null>(null);
  const saving = ref(false);
  const agents = ref<PresenceView[]>([]);
  const agentsLoaded = ref(false);
  const agentsError = ref<unknown>(null);
  let mineFor: number | null = null;

  /** GET /api/presence/me once per signed-in user (the state survives a reload this way). */
  async function loadMine(userId: number, force = false): Promise<void> {
    if (!force && mineFor === userId && mine.value) return;
    mineFor = userId;
    const p = await presenceApi.me();
    if (mineFor === userId && (!mine.value || mine.value.userId !== userId || p.version >= mine.value.version))
      mine.value = p;
  }

  async function setMine(state: PresenceState, reason?: NotReadyReason): Promise<void> {
    saving.value = true;
    try {
      applyView(await presenceApi.setMine(state, reason));
    } finally {
      saving.value = false;
    }
  }

  async function loadAgents(): Promise<void> {
    try {
      agents.value = await presenceApi.agents();
      agentsLoaded.value = true;
      agentsError.value = null;
    } catch (e) {
      agentsError.value = e;
    }
  }

  function applyView(p: PresenceView): void {
    if (mine.value && p.userId === mine.value.userId && p.version > mine.value.version)
      mine.value = { ...mine.value, ...p };
    const i = agents.value.findIndex((a) => a.userId === p.userId);
    if (i >= 0 && p.version > agents.value[i].version) agents.value[i] = { ...agents.value[i], ...p };
  }

  function applyRemote(e: PresenceEvent): void {
    const known = agents.value.some((a) => a.userId === e.userId);
    applyView({ ...e, reason: e.reason as NotReadyReason | null });
    // someone the wallboard has not listed yet (a new account): fetch the list again
    if (agentsLoaded.value && !known) void loadAgents();
  }

  function applyConnection(userId: number, connected: boolean): void {
    const a = agents.value.find((x) => x.userId === userId);
    if (a) a.connected = connected;
  }

  /** After a reconnect: events may have been missed. */
  async function resync(): Promise<void> {
    if (mineFor !== null) await loadMine(mineFor, true).catch(() => undefined);
    if (agentsLoaded.value) await loadAgents();
  }

  function reset(): void {
    mine.value = null;
    mineFor = null;
    agents.value = [];
    agentsLoaded.value = false;
  }

  const counts = computed(() => {
    const c: Record<PresenceState, number> = { ready: 0, not_ready: 0, after_call_work: 0, on_call: 0, offline: 0 };
    for (const a of agents.value) c[a.state]++;
    return c;
  });

  return {
    mine,
    saving,
    agents,
    agentsLoaded,
    agentsError,
    counts,
    loadMine,
    setMine,
    loadAgents,
    applyRemote,
    applyConnection,
    resync,
    reset,
  };
});
