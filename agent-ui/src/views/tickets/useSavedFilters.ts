// Saved filters of the signed-in user: load, save the current criteria (+ columns) under a name, delete.
import { onMounted, ref } from 'vue';
import { savedFiltersApi, type SavedFilter } from '../../api/tickets';

export function useSavedFilters() {
  const items = ref<SavedFilter[]>([]);
  const selectedId = ref<number | null>(null);
  async function load() {
    items.value = await savedFiltersApi.list();
  }
  onMounted(() => void load().catch(() => undefined));
  async function save(name: string, filter: Record<string, string>, columns: string[]) {
    const created = await savedFiltersApi.create({ name, filter, columns });
    await load();
    selectedId.value = created.id;
    return created;
  }
  async function remove(f: SavedFilter) {
    await savedFiltersApi.remove(f.id);
    if (selectedId.value === f.id) selectedId.value = null;
    await load();
  }
  return { items, selectedId, save, remove, load };
}
