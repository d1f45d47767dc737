// Which list columns are shown: the user's choice, kept in localStorage (per user) and saved with a filter.
import { ref, watch } from 'vue';
import { useAuthStore } from '../../stores/auth';

export const LIST_COLUMNS = [
  'number',
  'status',
  'urgency',
  'channel',
  'caller',
  'category',
  'location',
  'content',
  'receivedAt',
  'closeDueAt',
] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number];

/** A list column as export columns (the export splits caller and location, and adds the masked address). */
const EXPORT_OF: Record<ListColumn, string[]> = {
  number: ['number'],
  status: ['status'],
  urgency: ['urgency'],
  channel: ['channel'],
  caller: ['caller', 'phone'],
  category: ['category'],
  location: ['street', 'community', 'address'],
  content: ['content', 'units'],
  receivedAt: ['receivedAt'],
  closeDueAt: ['closeDueAt', 'overdue', 'closedAt'],
};
export const exportColumnsOf = (cols: ListColumn[]) => cols.flatMap((c) => EXPORT_OF[c]);

export function sanitizeColumns(raw: unknown): ListColumn[] | null {
  if (!Array.isArray(raw)) return null;
  const cols = LIST_COLUMNS.filter((c) => raw.includes(c));
  return cols.length ? cols : null;
}

export function useListColumns() {
  const auth = useAuthStore();
  const key = `hotline-desk.list.columns.${auth.user?.id ?? 'anon'}`;
  let initial: ListColumn[] | null = null;
  try {
    initial = sanitizeColumns(JSON.parse(localStorage.getItem(key) ?? 'null'));
  } catch {
    initial = null;
  }
  const columns = ref<ListColumn[]>(initial ?? [...LIST_COLUMNS]);
  watch(columns, (v) => localStorage.setItem(key, JSON.stringify(v)), { deep: true });
  const visible = (c: ListColumn) => columns.value.includes(c);
  function set(cols: unknown) {
    const ok = sanitizeColumns(cols);
    if (ok) columns.value = ok;
  }
  return { columns, visible, set };
}
