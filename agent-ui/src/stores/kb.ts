import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import { kbApi, type KbCategory } from '../api/kb';
import { orgApi } from '../api/org';
import type { Category } from '../api/types';

export interface FlatOption {
  id: number;
  /** "parent / child" */
  label: string;
  labelEn: string;
}

interface Node {
  id: number;
  name: string;
  nameEn?: string | null;
  children?: Node[];
}

function flatten(nodes: Node[], prefix = '', prefixEn = ''): FlatOption[] {
  return nodes.flatMap((n) => {
    const label = prefix + n.name;
    const labelEn = prefixEn + (n.nameEn ?? n.name);
    return [{ id: n.id, label, labelEn }, ...flatten(n.children ?? [], `${label} / `, `${labelEn} / `)];
  });
}

/** Knowledge-base reference data (its categories, and the ticket categories articles answer): loaded once. */
export const useKbStore = defineStore('kb', () => {
  const categories = ref<KbCategory[]>([]);
  const ticketCategories = ref<Category[]>([]);
  let load: Promise<void> | null = null;

  function ensureLoaded(): Promise<void> {
    load ??= Promise.all([kbApi.categories(), orgApi.categories()]).then(
      ([kb, tc]) => {
        categories.value = kb;
        ticketCategories.value = tc;
      },
      (err: unknown) => {
        load = null; // allow a retry
        throw err;
      },
    );
    return load;
  }

  const categoryOptions = computed(() => flatten(categories.value));
  const ticketCategoryOptions = computed(() => flatten(ticketCategories.value));

  return { categories, ticketCategories, categoryOptions, ticketCategoryOptions, ensureLoaded };
});
