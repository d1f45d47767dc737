// Search state of KbPicker: published articles only, those for the ticket's category first.
import { computed, ref, type Ref } from 'vue';
import { kbApi, type KbArticle, type KbSearchItem } from '../../api/kb';
import { queryTerms } from './highlight';

export function usePickerSearch(categoryId: Ref<number | undefined>) {
  const search = ref('');
  const applied = ref('');
  const items = ref<KbSearchItem[]>([]);
  const loading = ref(false);
  const selected = ref<KbArticle | null>(null);
  const loadingArticle = ref(false);
  const terms = computed(() => queryTerms(applied.value));

  let controller: AbortController | null = null;
  async function load() {
    controller?.abort();
    const mine = (controller = new AbortController());
    loading.value = true;
    try {
      const r = await kbApi.search(
        { q: applied.value || undefined, status: 'published', ticketCategoryId: categoryId.value, pageSize: 20 },
        mine.signal,
      );
      items.value = r.items;
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) items.value = [];
    } finally {
      if (controller === mine) loading.value = false;
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  function onInput() {
    clearTimeout(timer);
    timer = setTimeout(apply, 300);
  }
  function apply() {
    clearTimeout(timer);
    applied.value = search.value.trim();
    void load();
  }

  /** Reading the full article in the picker counts as a view, like opening it in the knowledge base. */
  async function select(a: KbSearchItem) {
    loadingArticle.value = true;
    try {
      selected.value = await kbApi.get(a.id);
    } finally {
      loadingArticle.value = false;
    }
  }

  function reset() {
    selected.value = null;
    void load();
  }

  return { search, items, loading, selected, loadingArticle, terms, onInput, apply, select, reset };
}
