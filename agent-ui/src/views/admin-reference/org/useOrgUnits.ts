// The org tree for administrators: every unit (inactive ones on demand) as expandable rows, one dialog to
// create a unit under a parent or edit one, and (de)activation with what it affects spelled out first.
import { computed, reactive, ref, type InjectionKey } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage, ElMessageBox } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import { ApiError } from '../../../api/client';
import { adminApi, CHILD_TYPES, type AdminUnit, type UnitType } from '../../../api/adminReference';
import { allNodes, findNode, visibleRows } from '../tree';
import { changedFields, diff, rebase, useSave } from '../useSave';

const blank = () => ({ name: '', code: '', type: 'street' as UnitType, sort: undefined as number | undefined });

export function useOrgUnits() {
  const { t } = useI18n();
  const units = ref<AdminUnit[]>([]);
  const loading = ref(false);
  const expanded = ref(new Set<number>());
  const showInactive = ref(false);
  const rows = computed(() => visibleRows(units.value, expanded.value, showInactive.value));

  const open = ref(false);
  /** create: the parent; edit: null */
  const parent = ref<AdminUnit | null>(null);
  const editing = ref<AdminUnit | null>(null);
  const form = reactive(blank());
  const save = useSave();
  const childTypes = computed<UnitType[]>(() => (parent.value ? CHILD_TYPES[parent.value.type] : []));

  async function load(): Promise<void> {
    loading.value = true;
    try {
      units.value = await adminApi.units();
      if (!expanded.value.size) expanded.value = new Set(units.value.map((u) => u.id));
    } catch (e) {
      ElMessage.error(t('adminRef.common.loadFailed', { msg: (e as Error).message }));
    } finally {
      loading.value = false;
    }
  }

  function toggle(id: number): void {
    const next = new Set(expanded.value);
    if (!next.delete(id)) next.add(id);
    expanded.value = next;
  }
  const expandAll = () => (expanded.value = new Set(allNodes(units.value).map((u) => u.id)));
  const collapseAll = () => (expanded.value = new Set(units.value.map((u) => u.id)));

  function openCreate(p: AdminUnit): void {
    parent.value = p;
    editing.value = null;
    Object.assign(form, blank(), { type: CHILD_TYPES[p.type][0] ?? 'street' });
    save.reset();
    open.value = true;
  }
  const toForm = (u: AdminUnit) => ({ name: u.name, code: u.code, type: u.type, sort: u.sort as number | undefined });
  function openEdit(u: AdminUnit): void {
    parent.value = null;
    editing.value = u;
    Object.assign(form, toForm(u));
    save.reset();
    open.value = true;
  }

  const fields = () => [
    { key: 'name' as const, label: t('adminRef.common.name') },
    { key: 'code' as const, label: t('adminRef.common.code') },
    { key: 'sort' as const, label: t('adminRef.common.sort') },
    {
      key: 'active' as const,
      label: t('adminRef.common.status'),
      show: (v: unknown) => t(v ? 'adminRef.common.active' : 'adminRef.common.inactive'),
    },
  ];

  async function submit(): Promise<void> {
    const p = parent.value;
    const u = editing.value;
    const ok = await save.run(
      async () => {
        if (u) {
          // only what the administrator changed (the type stays)
          const { type: _type, ...changed } = changedFields({ ...form }, toForm(u));
          await adminApi.updateUnit(u.id, { rev: u.rev, ...changed });
          ElMessage.success(t('adminRef.common.saved'));
        } else if (p) {
          const made = await adminApi.createUnit({
            parentId: p.id,
            name: form.name,
            code: form.code,
            type: form.type,
            sort: form.sort,
          });
          expanded.value = new Set([...expanded.value, p.id]);
          ElMessage.success(`${t('adminRef.common.created')}：${made.name}`);
        }
      },
      async () => {
        await load();
        const now = u && findNode(units.value, u.id);
        if (!u || !now) return null;
        rebase(form, toForm(u), toForm(now));
        editing.value = now; // the next save goes on top of what is there now, with the user's input
        return diff(u, now, fields());
      },
    );
    if (ok) {
      open.value = false;
      await load();
    }
  }

  async function setActive(u: AdminUnit, active: boolean): Promise<void> {
    if (!active) {
      const sub = allNodes([u]).filter((x) => x.active);
      const users = sub.reduce((n, x) => n + x.activeUsers, 0);
      const tasks = sub.reduce((n, x) => n + x.liveAssignments, 0);
      const msg = [
        t('adminRef.org.confirmDeactivate', { name: u.name, n: sub.length - 1 }),
        users || tasks ? t('adminRef.org.confirmDeactivateUsage', { users, assignments: tasks }) : '',
      ].join(' ');
      const sure = await ElMessageBox.confirm(msg, t('adminRef.common.deactivate'), {
        type: 'warning',
        confirmButtonText: t('adminRef.common.deactivate'),
        cancelButtonText: t('adminRef.common.cancel'),
      }).catch(() => false);
      if (!sure) return;
    }
    try {
      const r = await adminApi.setUnitActive(u.id, u.rev, active);
      ElMessage.success(active ? t('adminRef.org.reactivated') : t('adminRef.org.deactivated', { n: r.affected }));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') ElMessage.warning(t('adminRef.conflict.gone'));
      else if (e instanceof ApiError && Object.keys(e.fields).length)
        ElMessage.error(Object.values(e.fields).map(save.translate).join('；'));
      else ElMessage.error((e as Error).message);
    }
    await load();
  }

  return {
    units,
    rows,
    loading,
    showInactive,
    toggle,
    expandAll,
    collapseAll,
    load,
    open,
    parent,
    editing,
    form,
    childTypes,
    save,
    openCreate,
    openEdit,
    submit,
    setActive,
  };
}

/** the page's state, for its dialogs */
export const orgKey: InjectionKey<ReturnType<typeof useOrgUnits>> = Symbol('useOrgUnits');
