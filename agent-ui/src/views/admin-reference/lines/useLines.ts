// Hotline lines for administrators: the list (inactive ones too) and one dialog to add or edit a line.
// Every edit sends the version the administrator saw; a 409 shows what changed meanwhile.
import { reactive, ref, type InjectionKey } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { adminApi, type AdminLine, type LineInput } from '../../../api/adminReference';
import { changedFields, diff, rebase, useSave } from '../useSave';

const blank = () => ({
  did: '',
  name: '',
  queue: '',
  priority: 1 as number | undefined,
  skill: '',
  emergency: false,
  active: true,
});

export function useLines() {
  const { t } = useI18n();
  const list = ref<AdminLine[]>([]);
  const loading = ref(false);
  const open = ref(false);
  const editing = ref<AdminLine | null>(null);
  const form = reactive(blank());
  const save = useSave();

  async function load(): Promise<void> {
    loading.value = true;
    try {
      list.value = await adminApi.lines();
    } catch (e) {
      ElMessage.error(t('adminRef.common.loadFailed', { msg: (e as Error).message }));
    } finally {
      loading.value = false;
    }
  }
  function openCreate(): void {
    editing.value = null;
    Object.assign(form, blank());
    save.reset();
    open.value = true;
  }
  const toForm = (l: AdminLine) => ({
    did: l.did,
    name: l.name,
    queue: l.queue,
    priority: l.priority as number | undefined,
    skill: l.skill ?? '',
    emergency: l.emergency,
    active: l.active,
  });
  function openEdit(l: AdminLine): void {
    editing.value = l;
    Object.assign(form, toForm(l));
    save.reset();
    open.value = true;
  }
  const fields = () => [
    { key: 'did' as const, label: t('adminRef.lines.did') },
    { key: 'name' as const, label: t('adminRef.common.name') },
    { key: 'queue' as const, label: t('adminRef.lines.queue') },
    { key: 'priority' as const, label: t('adminRef.lines.priority') },
    { key: 'skill' as const, label: t('adminRef.lines.skill') },
    { key: 'emergency' as const, label: t('adminRef.lines.emergencyShort') },
    {
      key: 'active' as const,
      label: t('adminRef.common.status'),
      show: (v: unknown) => t(v ? 'adminRef.common.active' : 'adminRef.common.inactive'),
    },
  ];

  async function submit(): Promise<void> {
    const l = editing.value;
    const input = (f: ReturnType<typeof toForm>): LineInput => ({
      did: f.did.trim(),
      name: f.name,
      queue: f.queue.trim(),
      priority: f.priority as number,
      skill: f.skill.trim() || null,
      emergency: f.emergency,
      active: f.active,
    });
    const ok = await save.run(
      async () => {
        // an edit sends only what the administrator changed
        if (l) await adminApi.updateLine(l.id, { ...changedFields(input(form), input(toForm(l))), version: l.version });
        else await adminApi.createLine(input(form));
        ElMessage.success(t(l ? 'adminRef.common.saved' : 'adminRef.common.created'));
      },
      async () => {
        await load();
        const now = l && list.value.find((x) => x.id === l.id);
        if (!l || !now) return null;
        rebase(form, toForm(l), toForm(now));
        editing.value = now;
        return diff(l, now, fields());
      },
    );
    if (ok) {
      open.value = false;
      await load();
    }
  }

  return { list, loading, open, editing, form, save, load, openCreate, openEdit, submit };
}

/** the page's state, for its dialogs */
export const linesKey: InjectionKey<ReturnType<typeof useLines>> = Symbol('useLines');
