// Categories for administrators: the tree (inactive ones on demand) with each urgency's limits, own or
// inherited; a dialog to create or edit a category, one to set its limits, and (de)activation.
import { computed, reactive, ref, type InjectionKey } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage, ElMessageBox } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import { ApiError } from '../../../api/client';
import { adminApi, type AdminCategory, type Limit, type LimitSet } from '../../../api/adminReference';
import type { Urgency } from '../../../api/types';
import { allNodes, findNode, visibleRows } from '../tree';
import { changedFields, diff, rebase, useSave } from '../useSave';
import { editable, toOwnLimits, type EditableLimits } from './limits';

const blank = () => ({
  name: '',
  nameEn: '',
  code: '',
  kind: 'consult',
  sort: undefined as number | undefined,
});

export function useCategories() {
  const { t } = useI18n();
  const tree = ref<AdminCategory[]>([]);
  const loading = ref(false);
  const expanded = ref(new Set<number>());
  const showInactive = ref(false);
  const rows = computed(() => visibleRows(tree.value, expanded.value, showInactive.value));

  const limitText = (l: Limit) => `${l.value}${t(`adminRef.categories.unitsShort.${l.unit}`)}`;
  const summary = (s: LimitSet) => [s.sign, s.feedback, s.close].map(limitText).join(' / ');

  // category dialog
  const open = ref(false);
  const parent = ref<AdminCategory | null>(null);
  const creatingTop = ref(false);
  const editing = ref<AdminCategory | null>(null);
  const form = reactive(blank());
  const topLimits = ref<EditableLimits>(editable(null, true));
  const save = useSave();

  // limits dialog
  const limitsOpen = ref(false);
  const limitsOf = ref<AdminCategory | null>(null);
  const limits = ref<EditableLimits>(editable(null));
  const limitsSave = useSave();

  async function load(): Promise<void> {
    loading.value = true;
    try {
      tree.value = await adminApi.categories();
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
  const expandAll = () => (expanded.value = new Set(allNodes(tree.value).map((c) => c.id)));
  const collapseAll = () => (expanded.value = new Set());

  function openCreate(p: AdminCategory | null): void {
    parent.value = p;
    creatingTop.value = !p;
    editing.value = null;
    Object.assign(form, blank(), { kind: p?.kind ?? 'consult' });
    topLimits.value = editable(null, true);
    save.reset();
    open.value = true;
  }
  const toForm = (c: AdminCategory) => ({
    name: c.name,
    nameEn: c.nameEn ?? '',
    code: c.code,
    kind: c.kind,
    sort: c.sort as number | undefined,
  });
  function openEdit(c: AdminCategory): void {
    parent.value = null;
    creatingTop.value = false;
    editing.value = c;
    Object.assign(form, toForm(c));
    save.reset();
    open.value = true;
  }
  const fields = () => [
    { key: 'name' as const, label: t('adminRef.common.name') },
    { key: 'nameEn' as const, label: t('adminRef.categories.nameEn') },
    { key: 'code' as const, label: t('adminRef.common.code') },
    { key: 'sort' as const, label: t('adminRef.common.sort') },
    {
      key: 'active' as const,
      label: t('adminRef.common.status'),
      show: (v: unknown) => t(v ? 'adminRef.common.active' : 'adminRef.common.inactive'),
    },
    {
      key: 'limits' as const,
      label: t('adminRef.categories.limits'),
      show: (v: unknown) =>
        Object.entries(v as Record<Urgency, LimitSet | null>)
          .map(
            ([u, s]) =>
              `${t(`adminRef.categories.urgency.${u}`)} ${s ? summary(s) : t('adminRef.categories.inherited')}`,
          )
          .join('；'),
    },
  ];
  /** after a 409: the category as it is now, and what changed since `seen` */
  async function reloadConflict(seen: AdminCategory | null, set: (c: AdminCategory) => void) {
    await load();
    const now = seen && findNode(tree.value, seen.id);
    if (!seen || !now) return null;
    set(now);
    return diff(seen, now, fields());
  }

  async function submit(): Promise<void> {
    const c = editing.value;
    const ok = await save.run(
      async () => {
        const nameEn = form.nameEn.trim() || null;
        if (c) {
          // only what the administrator changed (the kind stays)
          const { kind: _kind, nameEn: en, ...changed } = changedFields({ ...form }, toForm(c));
          await adminApi.updateCategory(c.id, {
            rev: c.rev,
            ...changed,
            ...(en === undefined ? {} : { nameEn: en.trim() || null }),
          });
          ElMessage.success(t('adminRef.common.saved'));
        } else {
          const made = await adminApi.createCategory({
            parentId: parent.value?.id ?? null,
            code: form.code,
            name: form.name,
            nameEn,
            sort: form.sort,
            ...(parent.value ? {} : { kind: form.kind, limits: toOwnLimits(topLimits.value) }),
          });
          if (parent.value) expanded.value = new Set([...expanded.value, parent.value.id]);
          ElMessage.success(`${t('adminRef.common.created')}：${made.name}`);
        }
      },
      () =>
        reloadConflict(c, (now) => {
          if (c) rebase(form, toForm(c), toForm(now));
          editing.value = now;
        }),
    );
    if (ok) {
      open.value = false;
      await load();
    }
  }

  function openLimits(c: AdminCategory): void {
    limitsOf.value = c;
    limits.value = editable(c);
    limitsSave.reset();
    limitsOpen.value = true;
  }
  async function submitLimits(): Promise<void> {
    const c = limitsOf.value;
    if (!c) return;
    const ok = await limitsSave.run(
      async () => {
        await adminApi.setLimits(c.id, c.rev, toOwnLimits(limits.value));
        ElMessage.success(t('adminRef.common.saved'));
      },
      () =>
        reloadConflict(c, (now) => {
          rebase(limits.value, editable(c), editable(now));
          limitsOf.value = now;
        }),
    );
    if (ok) {
      limitsOpen.value = false;
      await load();
    }
  }

  async function setActive(c: AdminCategory, active: boolean): Promise<void> {
    if (!active) {
      const n = allNodes([c]).filter((x) => x.active).length - 1;
      const sure = await ElMessageBox.confirm(
        t('adminRef.categories.confirmDeactivate', { name: c.name, n }),
        t('adminRef.common.deactivate'),
        {
          type: 'warning',
          confirmButtonText: t('adminRef.common.deactivate'),
          cancelButtonText: t('adminRef.common.cancel'),
        },
      ).catch(() => false);
      if (!sure) return;
    }
    try {
      const r = await adminApi.setCategoryActive(c.id, c.rev, active);
      ElMessage.success(
        active ? t('adminRef.org.reactivated') : t('adminRef.categories.deactivated', { n: r.affected }),
      );
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') ElMessage.warning(t('adminRef.conflict.gone'));
      else if (e instanceof ApiError && Object.keys(e.fields).length)
        ElMessage.error(Object.values(e.fields).map(save.translate).join('；'));
      else ElMessage.error((e as Error).message);
    }
    await load();
  }

  return {
    tree,
    rows,
    loading,
    showInactive,
    toggle,
    expandAll,
    collapseAll,
    load,
    summary,
    open,
    parent,
    creatingTop,
    editing,
    form,
    topLimits,
    save,
    openCreate,
    openEdit,
    submit,
    limitsOpen,
    limitsOf,
    limits,
    limitsSave,
    openLimits,
    submitLimits,
    setActive,
  };
}

/** the page's state, for its dialogs */
export const categoriesKey: InjectionKey<ReturnType<typeof useCategories>> = Symbol('useCategories');
