// Queue figures for the wallboard. The wallboard starts/stops watching; while watched the figures are re-read
// every 10 s and, debounced, whenever realtime/connector.ts reports `queues:changed`.
import { ref } from 'vue';
import { defineStore } from 'pinia';
import { telephonyQueuesApi, type QueuesToday } from '../api/telephony-queues';

const REMOTE_DEBOUNCE_MS = 300;
const POLL_MS = 10_000;

export const useQueuesStore = defineStore('queues', () => {
  const board = ref<QueuesToday | null>(null);
  /** client time the board was read: the longest wait keeps ticking from here */
  const fetchedAt = ref(0);
  const error = ref<unknown>(null);
  let seq = 0;
  let watchers = 0;
  let poll: ReturnType<typeof setInterval> | undefined;
  let debounce: ReturnType<typeof setTimeout> | undefined;

  async function load(): Promise<void> {
    const mine = ++seq;
    try {
      const b = await telephonyQueuesApi.today();
      if (mine !== seq) return; // a newer read won
      board.value = b;
      fetchedAt.value = Date.now();
      error.value = null;
    } catch (e) {
      if (mine === seq) error.value = e;
    }
  }

  /** The wallboard mounted: read now and keep the figures fresh while it is open. */
  function watch(): void {
    if (watchers++ === 0) poll = setInterval(() => void load(), POLL_MS);
    void load();
  }

  function unwatch(): void {
    if (watchers === 0 || --watchers > 0) return;
    clearInterval(poll);
    clearTimeout(debounce);
  }

  /** `queues:changed`: a burst of call events becomes one read; nobody watching, nothing to read. */
  function onRemoteChange(): void {
    if (!watchers) return;
    clearTimeout(debounce);
    debounce = setTimeout(() => void load(), REMOTE_DEBOUNCE_MS);
  }

  return { board, fetchedAt, error, load, watch, unwatch, onRemoteChange };
});
