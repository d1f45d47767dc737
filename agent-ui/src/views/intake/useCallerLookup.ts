// While the agent types: the caller's earlier tickets (by phone) and open tickets this call may repeat.
// Debounced, and a newer request aborts the older one so a slow answer never overwrites a newer one.
import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import { ticketsApi, type CallerHistory, type DuplicateHint } from '../../api/tickets';
import { lookupablePhone } from './reference';

const HISTORY_DEBOUNCE_MS = 400;
const DUPLICATE_DEBOUNCE_MS = 700;
const MIN_CONTENT = 4;

export function useCallerLookup(input: Ref<{ callerPhone: string; categoryId: number | null; content: string }>) {
  const history = ref<CallerHistory | null>(null);
  const historyLoading = ref(false);
  const duplicates = ref<DuplicateHint[]>([]);

  function debounced(ms: number, run: (signal: AbortSignal) => Promise<void>) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let ctl: AbortController | null = null;
    const cancel = () => {
      clearTimeout(timer);
      ctl?.abort();
      ctl = null;
    };
    return {
      cancel,
      schedule() {
        cancel();
        timer = setTimeout(() => {
          const mine = new AbortController();
          ctl = mine;
          run(mine.signal).catch((err: unknown) => {
            if (!(err instanceof DOMException && err.name === 'AbortError'))
              console.warn('[intake] lookup failed', err);
          });
        }, ms);
      },
    };
  }

  const historyJob = debounced(HISTORY_DEBOUNCE_MS, async (signal) => {
    const phone = lookupablePhone(input.value.callerPhone);
    if (!phone) return;
    historyLoading.value = true;
    try {
      const h = await ticketsApi.caller(phone, signal);
      if (!signal.aborted) history.value = h;
    } finally {
      if (!signal.aborted) historyLoading.value = false;
    }
  });

  const duplicateJob = debounced(DUPLICATE_DEBOUNCE_MS, async (signal) => {
    const phone = lookupablePhone(input.value.callerPhone);
    const content = input.value.content.trim();
    if (!phone || content.length < MIN_CONTENT) return;
    const items = await ticketsApi.duplicates(
      { phone, content, categoryId: input.value.categoryId ?? undefined },
      signal,
    );
    if (!signal.aborted) duplicates.value = items;
  });

  watch(
    () => lookupablePhone(input.value.callerPhone),
    (phone) => {
      history.value = null;
      historyLoading.value = false;
      if (phone) historyJob.schedule();
      else historyJob.cancel();
    },
    { immediate: true },
  );
  watch(
    () => [lookupablePhone(input.value.callerPhone), input.value.categoryId, input.value.content.trim()] as const,
    ([phone, , content]) => {
      if (!phone || content.length < MIN_CONTENT) {
        duplicateJob.cancel();
        duplicates.value = [];
      } else duplicateJob.schedule();
    },
    { immediate: true },
  );
  onBeforeUnmount(() => {
    historyJob.cancel();
    duplicateJob.cancel();
  });

  return { history, historyLoading, duplicates };
}
