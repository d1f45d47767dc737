// Holiday calendars: the loaded years, one shown as a year of month grids, and loading a year from a JSON
// file or pasted JSON through POST /api/calendar/years (the server validates and audits it).
import { computed, ref, type InjectionKey } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { adminApi, type CalendarYearRow } from '../../../api/adminReference';
import { useSave } from '../useSave';
import { dayKinds } from './days';

export function useCalendar() {
  const { t } = useI18n();
  const years = ref<CalendarYearRow[]>([]);
  const loading = ref(false);
  const selected = ref<number | null>(null);
  const current = computed(() => years.value.find((y) => y.year === selected.value) ?? null);
  const kinds = computed(() => (current.value ? dayKinds(current.value.data) : null));

  const open = ref(false);
  const text = ref('');
  const parseError = ref('');
  const save = useSave();

  async function load(): Promise<void> {
    loading.value = true;
    try {
      years.value = await adminApi.calendarYears();
      if (selected.value === null || !years.value.some((y) => y.year === selected.value)) {
        const thisYear = new Date().getFullYear();
        selected.value =
          years.value.find((y) => y.year === thisYear)?.year ?? years.value[years.value.length - 1]?.year ?? null;
      }
    } catch (e) {
      ElMessage.error(t('adminRef.common.loadFailed', { msg: (e as Error).message }));
    } finally {
      loading.value = false;
    }
  }

  function openLoad(): void {
    text.value = '';
    parseError.value = '';
    save.reset();
    open.value = true;
  }
  /** the chosen file's text goes into the editor, to be checked (and corrected) before it is sent */
  async function readInput(e: Event): Promise<void> {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) text.value = await file.text();
  }
  async function submit(): Promise<void> {
    parseError.value = '';
    let data: unknown;
    try {
      data = JSON.parse(text.value);
    } catch (e) {
      parseError.value = t('adminRef.calendar.invalidJson', { msg: (e as Error).message });
      return;
    }
    let loadedYear = 0;
    const ok = await save.run(async () => {
      loadedYear = (await adminApi.loadCalendarYear(data)).year;
    });
    if (ok) {
      ElMessage.success(t('adminRef.calendar.loaded', { year: loadedYear }));
      open.value = false;
      selected.value = loadedYear;
      await load();
    }
  }

  return { years, loading, selected, current, kinds, open, text, parseError, save, load, openLoad, readInput, submit };
}

/** the page's state, for its dialogs */
export const calendarKey: InjectionKey<ReturnType<typeof useCalendar>> = Symbol('useCalendar');
