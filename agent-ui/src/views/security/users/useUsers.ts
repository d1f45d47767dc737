// 用户管理: the account list with its filters, the create / edit dialog, and the one-off account actions.
// A temporary password (new account, reset) is shown once and never again: the dialog holding it is the
// only copy. A change made meanwhile by another administrator (409 VERSION_CONFLICT) keeps what this one
// typed, loads the latest account and says what changed, so the save can be retried knowingly.
import { reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage, ElMessageBox } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import { ApiError } from '../../../api/client';
import { usersApi, type AdminUser, type UserQuery } from '../../../api/security';
import type { Role } from '../../../api/types';

export const ROLES: Role[] = [
  'agent',
  'shift_leader',
  'supervisor',
  'revisit_agent',
  'department_handler',
  'admin',
  'auditor',
];

export interface UserForm {
  username: string;
  displayName: string;
  roles: Role[];
  unitId: number | null;
  skills: string[];
}

export const blankUser = (): UserForm => ({ username: '', displayName: '', roles: [], unitId: null, skills: [] });
export const formOf = (u: AdminUser): UserForm => ({
  username: u.username,
  displayName: u.displayName,
  roles: [...u.roles],
  unitId: u.unitId,
  skills: [...u.skills],
});

/** the editable fields that differ between two versions of an account */
export function changedFields(before: AdminUser, after: AdminUser): Array<keyof UserForm | 'active'> {
  const out: Array<keyof UserForm | 'active'> = [];
  if (before.displayName !== after.displayName) out.push('displayName');
  if ([...before.roles].sort().join() !== [...after.roles].sort().join()) out.push('roles');
  if (before.unitId !== after.unitId) out.push('unitId');
  if ([...before.skills].sort().join() !== [...after.skills].sort().join()) out.push('skills');
  if (before.active !== after.active) out.push('active');
  return out;
}

export function useUsers() {
  const { t } = useI18n();
  const query = reactive<UserQuery>({ page: 1, pageSize: 20 });
  const items = ref<AdminUser[]>([]);
  const total = ref(0);
  const loading = ref(false);
  let seq = 0;

  async function load(): Promise<void> {
    const mine = ++seq;
    loading.value = true;
    try {
      const page = await usersApi.list({ ...query, q: query.q?.trim() || undefined });
      if (mine !== seq) return;
      items.value = page.items;
      total.value = page.total;
    } catch (e) {
      if (mine === seq) ElMessage.error(messageOf(e));
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  function filter(patch: Partial<UserQuery>): void {
    Object.assign(query, patch, { page: 1 });
    void load();
  }
  function setPage(page: number): void {
    query.page = page;
    void load();
  }

  function messageOf(e: unknown): string {
    if (e instanceof ApiError && e.status === 0) return t('errors.network');
    if (e instanceof ApiError && e.status === 403) return t('errors.forbidden');
    return e instanceof Error && e.message ? e.message : t('errors.generic');
  }

  // ---- create / edit ----------------------------------------------------------------------------
  const dialog = reactive({
    open: false,
    /** null: a new account */
    editing: null as AdminUser | null,
    errors: {} as Record<string, string>,
    message: '',
    saving: false,
    /** after a version conflict: the fields another administrator changed */
    conflict: null as string[] | null,
  });

  function openCreate(): void {
    Object.assign(dialog, { open: true, editing: null, errors: {}, message: '', conflict: null });
  }
  function openEdit(u: AdminUser): void {
    Object.assign(dialog, { open: true, editing: u, errors: {}, message: '', conflict: null });
  }

  // ---- the temporary password, shown once ------------------------------------------------------
  const secret = reactive({ open: false, kind: 'created' as 'created' | 'reset', username: '', password: '' });
  function showSecret(kind: 'created' | 'reset', username: string, password: string): void {
    Object.assign(secret, { open: true, kind, username, password });
  }
  function closeSecret(): void {
    Object.assign(secret, { open: false, password: '' });
  }

  /** `f`: what the dialog holds (kept there across a conflict) */
  async function save(f: UserForm): Promise<void> {
    if (dialog.saving) return;
    dialog.saving = true;
    dialog.errors = {};
    dialog.message = '';
    dialog.conflict = null;
    const body = {
      displayName: f.displayName.trim(),
      roles: f.roles,
      unitId: f.unitId ?? null,
      skills: f.skills.map((s) => s.trim()).filter(Boolean),
    };
    try {
      const current = dialog.editing;
      if (current) {
        await usersApi.update(current.id, { ...body, version: current.version });
        ElMessage.success(t('security.users.saved', { name: body.displayName }));
      } else {
        const r = await usersApi.create({ ...body, username: f.username.trim() });
        // the list shows the new account (wherever it sorts)
        Object.assign(query, { q: r.user.username, role: undefined, unitId: undefined, active: undefined, page: 1 });
        if (r.temporaryPassword) showSecret('created', r.user.username, r.temporaryPassword);
        else ElMessage.success(t('security.users.created', { name: r.user.username }));
      }
      dialog.open = false;
      await load();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT' && dialog.editing) {
        const fresh = (await usersApi.get(dialog.editing.id).catch(() => null))?.user;
        if (fresh) {
          dialog.conflict = changedFields(dialog.editing, fresh).map((k) => t(`security.users.fields.${k}`));
          dialog.editing = fresh; // a retry saves on top of what is now stored
        }
        void load();
      } else if (e instanceof ApiError && Object.keys(e.fields).length) {
        dialog.errors = e.fields;
        const unplaced = Object.keys(e.fields).filter((k) => !(k in blankUser()));
        dialog.message = unplaced.length ? unplaced.map((k) => e.fields[k]).join('；') : '';
      } else dialog.message = messageOf(e);
    } finally {
      dialog.saving = false;
    }
  }

  // ---- one-off actions --------------------------------------------------------------------------
  const busy = ref<string | null>(null);

  /**
   * Runs an action on a row with the version the row showed. When the account changed meanwhile (another
   * administrator, or the user's own password or TOTP change), the latest version is read, what changed is
   * named, and the administrator decides whether to go ahead on it.
   */
  async function act(u: AdminUser, key: string, step: (current: AdminUser) => Promise<void>): Promise<void> {
    busy.value = `${key}-${u.id}`;
    try {
      try {
        await step(u);
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 'VERSION_CONFLICT')) throw e;
        const fresh = (await usersApi.get(u.id)).user;
        const fields = changedFields(u, fresh).map((k) => t(`security.users.fields.${k}`));
        const again = await ElMessageBox.confirm(
          t('security.users.conflictRetry', {
            name: u.username,
            fields: fields.length ? fields.join('、') : t('security.users.conflictOther'),
          }),
          t(`security.users.actions.${key}`),
          {
            type: 'warning',
            confirmButtonText: t(`security.users.actions.${key}`),
            cancelButtonText: t('common.cancel'),
          },
        ).catch(() => false);
        if (again) await step(fresh);
      }
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT')
        ElMessage.warning(t('security.users.conflict', { name: u.username }));
      else if (e instanceof ApiError && Object.keys(e.fields).length)
        ElMessage.error(Object.values(e.fields).join('；'));
      else ElMessage.error(messageOf(e));
    } finally {
      busy.value = null;
      await load();
    }
  }

  const setActive = (u: AdminUser, active: boolean) =>
    act(u, active ? 'enable' : 'disable', async (cur) => {
      await usersApi.setActive(cur.id, active, cur.version);
      ElMessage.success(t(active ? 'security.users.enabled' : 'security.users.disabled', { name: u.username }));
    });
  const unlock = (u: AdminUser) =>
    act(u, 'unlock', async (cur) => {
      await usersApi.unlock(cur.id);
      ElMessage.success(t('security.users.unlocked', { name: u.username }));
    });
  const resetPassword = (u: AdminUser) =>
    act(u, 'reset', async (cur) => {
      const r = await usersApi.resetPassword(cur.id, cur.version);
      showSecret('reset', u.username, r.temporaryPassword);
    });
  const resetTotp = (u: AdminUser) =>
    act(u, 'totp', async (cur) => {
      await usersApi.resetTotp(cur.id, cur.version);
      ElMessage.success(t('security.users.totpReset', { name: u.username }));
    });
  const signOut = (u: AdminUser) =>
    act(u, 'signout', async (cur) => {
      const { ended } = await usersApi.signOut(cur.id);
      ElMessage.success(t('security.users.signedOut', { name: u.username, n: ended }));
    });

  return {
    query,
    items,
    total,
    loading,
    load,
    filter,
    setPage,
    dialog,
    openCreate,
    openEdit,
    save,
    secret,
    closeSecret,
    busy,
    setActive,
    unlock,
    resetPassword,
    resetTotp,
    signOut,
  };
}
