// The user's own live sessions (desks and browsers signed in), with "end this one" and "end all others".
import { ref } from 'vue';
import { accountApi, type OwnSession } from '../../api/account';

export function useSessions() {
  const sessions = ref<OwnSession[]>([]);
  const loading = ref(false);
  const error = ref('');
  const busy = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      sessions.value = await accountApi.sessions();
      error.value = '';
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      loading.value = false;
    }
  }

  async function act(key: string, step: () => Promise<unknown>): Promise<unknown> {
    busy.value = key;
    try {
      return await step();
    } finally {
      busy.value = null;
      await load();
    }
  }

  const end = (s: OwnSession) => act(s.id, () => accountApi.endSession(s.id));
  /** sessions ended */
  const endOthers = async () => ((await act('others', () => accountApi.endOthers())) as { ended: number }).ended;

  return { sessions, loading, error, busy, load, end, endOthers };
}

/** "Chrome 131 · Linux" from a user-agent string (the full string is the tooltip). */
export function deviceOf(ua: string | null): string {
  if (!ua) return '—';
  const browser =
    /Edg\/(\d+)/.exec(ua)?.[0].replace('Edg/', 'Edge ') ??
    /Firefox\/(\d+)/.exec(ua)?.[0].replace('/', ' ') ??
    /Chrom(e|ium)\/(\d+)/.exec(ua)?.[0].replace('/', ' ') ??
    (/Version\/(\d+).*Safari/.exec(ua) ? `Safari ${/Version\/(\d+)/.exec(ua)![1]}` : null) ??
    ua.split(/[\s/]/)[0];
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Android/.test(ua)
      ? 'Android'
      : /iPhone|iPad/.test(ua)
        ? 'iOS'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return [browser, os].filter(Boolean).join(' · ');
}
