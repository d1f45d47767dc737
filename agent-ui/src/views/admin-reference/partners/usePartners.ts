// Contract partners for administrators: the list (contact phones masked), one dialog to add or edit a
// partner, an audited reveal of the contact's full number, and deletion. Edits send the version shown.
import { reactive, ref, type InjectionKey } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage, ElMessageBox } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import { ApiError } from '../../../api/client';
import { adminApi, type AdminPartner, type PartnerInput, type PartnerKind } from '../../../api/adminReference';
import { changedFields, diff, rebase, useSave } from '../useSave';

const blank = () => ({
  name: '',
  kind: 'client' as PartnerKind,
  creditCode: '',
  contactName: '',
  /** new number; empty on edit keeps the stored one */
  contactPhone: '',
  clearPhone: false,
  address: '',
  note: '',
  active: true,
});

export function usePartners() {
  const { t } = useI18n();
  const list = ref<AdminPartner[]>([]);
  const loading = ref(false);
  const open = ref(false);
  const editing = ref<AdminPartner | null>(null);
  const form = reactive(blank());
  const save = useSave();

  const revealOpen = ref(false);
  const revealOf = ref<AdminPartner | null>(null);
  const reveal = reactive({ reason: 'verify', note: '', phone: null as string | null });
  const revealSave = useSave();

  async function load(): Promise<void> {
    loading.value = true;
    try {
      list.value = await adminApi.partners();
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
  const toForm = (p: AdminPartner) => ({
    ...blank(),
    name: p.name,
    kind: p.kind,
    creditCode: p.creditCode ?? '',
    contactName: p.contactName ?? '',
    address: p.address ?? '',
    note: p.note ?? '',
    active: p.active,
  });
  function openEdit(p: AdminPartner): void {
    editing.value = p;
    Object.assign(form, toForm(p));
    save.reset();
    open.value = true;
  }
  const fields = () => [
    { key: 'name' as const, label: t('adminRef.common.name') },
    {
      key: 'kind' as const,
      label: t('adminRef.partners.kind'),
      show: (v: unknown) => t(`adminRef.partners.kinds.${v}`),
    },
    { key: 'creditCode' as const, label: t('adminRef.partners.creditCode') },
    { key: 'contactName' as const, label: t('adminRef.partners.contact') },
    { key: 'contactPhoneMasked' as const, label: t('adminRef.partners.phone') },
    { key: 'address' as const, label: t('adminRef.partners.address') },
    { key: 'note' as const, label: t('adminRef.partners.note') },
    {
      key: 'active' as const,
      label: t('adminRef.common.status'),
      show: (v: unknown) => t(v ? 'adminRef.common.active' : 'adminRef.common.inactive'),
    },
  ];

  async function submit(): Promise<void> {
    const p = editing.value;
    const text = (v: string) => v.trim() || null;
    const input = (f: ReturnType<typeof blank>): PartnerInput => ({
      name: f.name,
      kind: f.kind,
      creditCode: text(f.creditCode),
      contactName: text(f.contactName),
      address: text(f.address),
      note: text(f.note),
      active: f.active,
      ...(f.clearPhone ? { contactPhone: null } : f.contactPhone.trim() ? { contactPhone: f.contactPhone.trim() } : {}),
    });
    const ok = await save.run(
      async () => {
        // an edit sends only what the administrator changed
        if (p)
          await adminApi.updatePartner(p.id, { ...changedFields(input(form), input(toForm(p))), version: p.version });
        else await adminApi.createPartner(input(form));
        ElMessage.success(t(p ? 'adminRef.common.saved' : 'adminRef.common.created'));
      },
      async () => {
        await load();
        const now = p && list.value.find((x) => x.id === p.id);
        if (!p || !now) return null;
        rebase(form, toForm(p), toForm(now));
        editing.value = now;
        return diff(p, now, fields());
      },
    );
    if (ok) {
      open.value = false;
      await load();
    }
  }

  async function remove(p: AdminPartner): Promise<void> {
    const sure = await ElMessageBox.confirm(
      t('adminRef.partners.confirmDelete', { name: p.name }),
      t('adminRef.partners.delete'),
      {
        type: 'warning',
        confirmButtonText: t('adminRef.partners.delete'),
        cancelButtonText: t('adminRef.common.cancel'),
      },
    ).catch(() => false);
    if (!sure) return;
    try {
      await adminApi.deletePartner(p.id, p.version);
      ElMessage.success(t('adminRef.partners.deleted'));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') ElMessage.warning(t('adminRef.conflict.gone'));
      else ElMessage.error((e as Error).message);
    }
    await load();
  }

  function openReveal(p: AdminPartner): void {
    revealOf.value = p;
    Object.assign(reveal, { reason: 'verify', note: '', phone: null });
    revealSave.reset();
    revealOpen.value = true;
  }
  async function submitReveal(): Promise<void> {
    const p = revealOf.value;
    if (!p) return;
    await revealSave.run(async () => {
      const r = await adminApi.revealPartner(p.id, reveal.reason, reveal.note.trim() || undefined);
      reveal.phone = r.contactPhone;
    });
  }

  return {
    list,
    loading,
    open,
    editing,
    form,
    save,
    load,
    openCreate,
    openEdit,
    submit,
    remove,
    revealOpen,
    revealOf,
    reveal,
    revealSave,
    openReveal,
    submitReveal,
  };
}

/** the page's state, for its dialogs */
export const partnersKey: InjectionKey<ReturnType<typeof usePartners>> = Symbol('usePartners');
