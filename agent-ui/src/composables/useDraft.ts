// Unsaved form state survives a session expiry or a reload: it is kept in localStorage (per user and form)
// while the user types and restored when the form opens again. Call clear() after a successful submit.
import { watch, type Ref } from 'vue';
import { useAuthStore } from '../stores/auth';

const PREFIX = 'hotline-desk.draft.';

export function draftKey(userId: number | undefined, form: string): string {
  return `${PREFIX}${userId ?? 'anon'}.${form}`;
}

/**
 * `state` is a ref to a plain, JSON-serialisable form model. Returns whether a draft was restored
 * (so the form can say so) and `clear()`.
 */
export function useDraft<T extends object>(form: string, state: Ref<T>): { restored: boolean; clear(): void } {
  const auth = useAuthStore();
  const key = draftKey(auth.user?.id, form);
  let restored = false;
  const saved = localStorage.getItem(key);
  if (saved) {
    try {
      state.value = { ...state.value, ...(JSON.parse(saved) as Partial<T>) };
      restored = true;
    } catch {
      localStorage.removeItem(key);
    }
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = watch(
    state,
    (value) => {
      clearTimeout(timer);
      // written soon after each change, so a 401 a moment later still finds the latest text
      timer = setTimeout(() => localStorage.setItem(key, JSON.stringify(value)), 200);
    },
    { deep: true },
  );
  return {
    restored,
    clear() {
      clearTimeout(timer);
      stop();
      localStorage.removeItem(key);
    },
  };
}
