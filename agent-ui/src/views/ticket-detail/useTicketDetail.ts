import { computed, onBeforeUnmount, reactive, ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { storeToRefs } from 'pinia';
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { ApiError, type FieldErrors } from '../../api/client';
import { ticketsApi, type RevealReason } from '../../api/tickets';
import type { ActionName } from '../../api/types';
import { useAuthStore } from '../../stores/auth';
import { useTicketsStore } from '../../stores/tickets';
import { formatDateTime } from '../../utils/format';
import { changesSince, snapshotOf, type Change, type Snapshot } from './conflict';

export function useTicketDetail(id: Ref<number>) {
  const store = useTicketsStore();
  const auth = useAuthStore();
  const { t } = useI18n();
  const { allowedActions, timeline, detailLoading, detailError, detailAccess } = storeToRefs(store);

  const ticket = computed(() => (store.detail?.id === id.value ? store.detail : null));
  const notFound = computed(
    () => detailError.value instanceof ApiError && [403, 404].includes(detailError.value.status) && !ticket.value,
  );

  // ---- full phone/address/name (audited server-side with the reason given; kept only in this view, never
  // in the store; limited per hour) -------------------------------------------------------------------
  const revealed = ref<{ callerPhone: string | null; address: string | null; callerName: string | null } | null>(null);
  const revealDialog = reactive({
    open: false,
    submitting: false,
    errorFields: {} as FieldErrors,
    errorMessage: '',
  });
  function openReveal(): void {
    Object.assign(revealDialog, { open: true, errorFields: {}, errorMessage: '' });
  }

  const load = () => store.openDetail(id.value).catch(() => undefined);
  watch(id, () => {
    revealed.value = null;
    void load();
  });
  void load();
  onBeforeUnmount(() => store.closeDetail(id.value));

  async function reveal(reason: RevealReason, note: string): Promise<void> {
    if (revealDialog.submitting) return;
    revealDialog.submitting = true;
    revealDialog.errorFields = {};
    revealDialog.errorMessage = '';
    try {
      revealed.value = await ticketsApi.reveal(id.value, reason, note.trim() || undefined);
      revealDialog.open = false;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'REVEAL_LIMIT') {
        const resetsAt = typeof err.details.resetsAt === 'string' ? err.details.resetsAt : null;
        revealDialog.errorMessage = t('security.reveal.limit', {
          limit: String(err.details.limit ?? '?'),
          at: resetsAt ? formatDateTime(resetsAt).slice(-5) : '?',
        });
      } else if (err instanceof ApiError && Object.keys(err.fields).length) revealDialog.errorFields = err.fields;
      else if (!(err instanceof ApiError && err.status === 401)) revealDialog.errorMessage = messageOf(err);
    } finally {
      revealDialog.submitting = false;
    }
  }

  // ---- actions ----------------------------------------------------------------------------------
  const dialog = reactive({
    open: false,
    action: null as ActionName | null,
    submitting: false,
    errorFields: {} as FieldErrors,
    errorMessage: '',
    /** after a VERSION_CONFLICT: what others changed meanwhile; the user reviews it and retries */
    conflict: null as Change[] | null,
    /** the ticket as the user saw it when the dialog opened (or after the last conflict) */
    base: null as Snapshot | null,
  });

  function openAction(action: ActionName): void {
    Object.assign(dialog, {
      open: true,
      action,
      errorFields: {},
      errorMessage: '',
      conflict: null,
      base: ticket.value ? snapshotOf(ticket.value, timeline.value) : null,
    });
  }

  async function submitAction(fields: Record<string, unknown>): Promise<void> {
    if (!dialog.action || dialog.submitting) return;
    dialog.submitting = true;
    dialog.errorFields = {};
    dialog.errorMessage = '';
    dialog.conflict = null;
    try {
      await store.performAction(id.value, dialog.action, fields, dialog.base?.version);
      dialog.open = false;
      ElMessage.success(t('detail.actionDone'));
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.code === 'VALIDATION') {
        dialog.errorFields = err.fields;
        dialog.errorMessage = err.message || t('errors.validation');
      } else if (err instanceof ApiError && err.status === 409) {
        // Someone else changed the ticket meanwhile. Reload, and when the action still applies keep the
        // dialog (and what the user typed) open with the list of changes so they can check and retry.
        const before = dialog.base;
        await load();
        const still = dialog.action !== null && allowedActions.value.includes(dialog.action);
        if (err.code === 'VERSION_CONFLICT' && still && before && ticket.value) {
          dialog.conflict = changesSince(before, ticket.value, timeline.value);
          dialog.base = snapshotOf(ticket.value, timeline.value); // a retry acts on what is now shown
        } else {
          dialog.open = false;
          ElMessage.warning(t(err.code === 'VERSION_CONFLICT' ? 'errors.versionConflict' : 'errors.invalidTransition'));
        }
      } else if (err instanceof ApiError && err.status === 403) {
        dialog.errorMessage = t('errors.forbidden');
      } else if (!(err instanceof ApiError && err.status === 401)) {
        dialog.errorMessage = messageOf(err);
      }
    } finally {
      dialog.submitting = false;
    }
  }

  function messageOf(err: unknown): string {
    if (err instanceof ApiError && err.status === 0) return t('errors.network');
    if (err instanceof ApiError && err.status === 403) return t('errors.forbidden');
    return err instanceof Error && err.message ? err.message : t('errors.generic');
  }

  return {
    ticket,
    allowedActions,
    timeline,
    loading: detailLoading,
    notFound,
    userUnitId: computed(() => auth.user?.unitId ?? null),
    /** 'history': read-only, no personal data (a department that no longer holds the ticket) */
    access: detailAccess,
    revealed,
    revealDialog,
    openReveal,
    reveal,
    dialog,
    openAction,
    submitAction,
    reload: load,
  };
}
