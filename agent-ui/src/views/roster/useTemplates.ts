// The shift types (templates) a leader defines: the list, retired ones included, and one create-or-edit form.
// An edit sends the version the leader saw; a 409 reloads the list and says so. The server's field errors land
// on their fields.
import { reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { ApiError, type FieldErrors } from '../../api/client';
import { rosterApi, type ShiftKind, type ShiftTemplate } from '../../api/workforce';

export const SHIFT_KINDS: ShiftKind[] = ['day', 'night', 'duty24', 'standby'];
const USED = 'shifts already use this template';

const blank = () => ({
  code: '',
  name: '',
  start: '09:00',
  end: '18:00',
  kind: 'day' as ShiftKind,
  covers: [] as string[],
  countsAsWork: true,
  active: true,
});

export function useTemplates(onChanged: () => void) {
  const { t } = useI18n();
  const list = ref<ShiftTemplate[]>([]);
  const loading = ref(false);
  const saving = ref(false);
  const open = ref(false);
  /** the template being edited; null: a new one */
  const editing = ref<ShiftTemplate | null>(null);
  const form = reactive(blank());
  const errors = ref<FieldErrors>({});

  async function load(): Promise<void> {
    loading.value = true;
    try {
      list.value = await rosterApi.templates();
    } catch (e) {
      ElMessage.error((e as Error).message);
    } finally {
      loading.value = false;
    }
  }

  function create(): void {
    editing.value = null;
    Object.assign(form, blank());
    errors.value = {};
    open.value = true;
  }
  function edit(tpl: ShiftTemplate): void {
    editing.value = tpl;
    Object.assign(form, {
      code: tpl.code,
      name: tpl.name,
      start: tpl.start,
      end: tpl.end,
      kind: tpl.kind,
      covers: [...tpl.covers],
      countsAsWork: tpl.countsAsWork,
      active: tpl.active,
    });
    errors.value = {};
    open.value = true;
  }

  /** 'covers.0' → covers; the server's known messages in the leader's language */
  function fieldErrors(fields: FieldErrors): FieldErrors {
    const out: FieldErrors = {};
    for (const [key, msg] of Object.entries(fields)) {
      const k = key.split('.')[0];
      out[k] ??=
        msg === 'taken'
          ? t('roster.templates.errors.taken')
          : msg.startsWith(USED)
            ? t('roster.templates.errors.used')
            : msg;
    }
    return out;
  }

  async function save(): Promise<void> {
    const { code, active, ...rest } = form;
    const body = { ...rest, name: rest.name.trim(), covers: [...rest.covers] };
    const current = editing.value;
    saving.value = true;
    errors.value = {};
    try {
      if (current) {
        await rosterApi.updateTemplate(current.code, { ...body, active, version: current.version });
        ElMessage.success(t('roster.templates.saved'));
      } else {
        const created = await rosterApi.createTemplate({ ...body, code: code.trim() });
        ElMessage.success(t('roster.templates.created', { name: created.name }));
      }
      open.value = false;
      await load();
      onChanged();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        open.value = false;
        await load();
        ElMessage.warning(t('roster.templates.conflict'));
      } else if (e instanceof ApiError && Object.keys(e.fields).length) {
        errors.value = fieldErrors(e.fields);
        const unplaced = Object.entries(errors.value).filter(([k]) => !(k in blank()));
        if (unplaced.length) ElMessage.error(unplaced.map(([k, v]) => `${k}: ${v}`).join('; '));
      } else {
        ElMessage.error(
          e instanceof ApiError && e.status === 403 ? t('roster.errors.forbidden') : (e as Error).message,
        );
      }
    } finally {
      saving.value = false;
    }
  }

  return { list, loading, saving, open, editing, form, errors, load, create, edit, save };
}
