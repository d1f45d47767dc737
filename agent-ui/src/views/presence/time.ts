// Time in state, ticking once a second, for the state bar and the wallboard.
import { onMounted, onUnmounted, ref, type Ref } from 'vue';

/** A reactive "now" (ms) updated every second while the component is mounted. */
export function useNow(): Ref<number> {
  const now = ref(Date.now());
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    timer = setInterval(() => (now.value = Date.now()), 1000);
  });
  onUnmounted(() => clearInterval(timer));
  return now;
}

const two = (n: number) => String(n).padStart(2, '0');

/** mm:ss below an hour, h:mm:ss above; '—' when there is no start. */
export function elapsed(since: string | null | undefined, now: number): string {
  if (!since) return '—';
  const s = Math.max(0, Math.floor((now - new Date(since).getTime()) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${two(m)}:${two(s % 60)}` : `${two(m)}:${two(s % 60)}`;
}

/** Element Plus tag type per state: ready green, not ready orange, wrap-up blue, on call red, offline grey. */
export const STATE_TAG: Record<string, 'success' | 'warning' | 'primary' | 'danger' | 'info'> = {
  ready: 'success',
  not_ready: 'warning',
  after_call_work: 'primary',
  on_call: 'danger',
  offline: 'info',
};

/** A duration in ms as mm:ss (h:mm:ss from an hour); '—' when unknown. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${two(m)}:${two(s % 60)}` : `${two(m)}:${two(s % 60)}`;
}

/** The longest wait now: as read, plus the time since it was read (only while calls are waiting). */
export function longestWaitNow(q: { waiting: number; longestWaitMs: number }, fetchedAt: number, now: number): number {
  return q.waiting > 0 ? q.longestWaitMs + Math.max(0, now - fetchedAt) : 0;
}

/** Service level 0..1 as a whole percent; '—' before the first call. */
export function percent(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${Math.round(v * 100)}%`;
}
