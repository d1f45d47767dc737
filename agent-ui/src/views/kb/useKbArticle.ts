// State and actions of one article: load (counts a view), edit, publish / archive with optimistic versions.
import { ref, watch, type Ref } from 'vue';
import { ApiError } from '../../api/client';
import { kbApi, type KbArticle } from '../../api/kb';

export function useKbArticle(id: Ref<number>) {
  const article = ref<KbArticle | null>(null);
  const loading = ref(false);
  const notFound = ref(false);
  const busy = ref(false);
  const message = ref<{ type: 'success' | 'warning' | 'error'; key: string; text?: string } | null>(null);

  async function load() {
    loading.value = true;
    notFound.value = false;
    try {
      article.value = await kbApi.get(id.value);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) notFound.value = true;
      else throw e;
    } finally {
      loading.value = false;
    }
  }

  async function changeStatus(action: 'publish' | 'archive') {
    if (!article.value) return;
    busy.value = true;
    message.value = null;
    try {
      article.value = await kbApi[action](article.value.id, article.value.version);
      message.value = { type: 'success', key: action === 'publish' ? 'kb.published' : 'kb.archived' };
    } catch (e) {
      // Someone changed it meanwhile: show them the latest, let them decide again.
      if (e instanceof ApiError && (e.code === 'VERSION_CONFLICT' || e.code === 'INVALID_TRANSITION')) {
        await load();
        message.value = { type: 'warning', key: 'kb.conflict.status' };
      } else message.value = { type: 'error', key: '', text: e instanceof Error ? e.message : String(e) };
    } finally {
      busy.value = false;
    }
  }

  function onSaved(a: KbArticle) {
    article.value = a;
    message.value = { type: 'success', key: 'kb.saved' };
  }

  watch(id, () => void load(), { immediate: true });
  return { article, loading, notFound, busy, message, load, onSaved, changeStatus };
}
