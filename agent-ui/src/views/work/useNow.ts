// One shared 1-second clock for every countdown on screen (one timer, however many rows).
import { onBeforeUnmount, ref } from 'vue';

const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

export function useNow() {
  if (users++ === 0) {
    now.value = Date.now();
    timer = setInterval(() => (now.value = Date.now()), 1000);
  }
  onBeforeUnmount(() => {
    if (--users === 0) clearInterval(timer);
  });
  return now;
}

/** Remaining (or, negative, exceeded) time as days/hours/minutes/seconds parts. */
export function splitDuration(ms: number): { overdue: boolean; d: number; h: number; m: number; s: number } {
  const overdue = ms < 0;
  let rest = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(rest / 86400);
  rest -= d * 86400;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  return { overdue, d, h, m, s: rest - m * 60 };
}
