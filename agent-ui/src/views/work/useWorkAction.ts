// Runs a ticket action from a work-list row with the version that row showed. On 409 VERSION_CONFLICT
// the list is reloaded and the user is told what changed, so a retry acts on what is now on screen.
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { ApiError, type FieldErrors } from '../../api/client';
import { ticketsApi } from '../../api/tickets';
import type { ActionName } from '../../api/types';
import type { AnyWorkRow } from '../../api/work';
import { useLabel } from '../../i18n/labels';
import { useWorkStore } from '../../stores/work';

export interface ActionOutcome {
  ok: boolean;
  fields: FieldErrors;
  message: string;
}

/** Same row in a reloaded list: same assignment / supervision, or same ticket. */
function sameRow(a: AnyWorkRow, b: AnyWorkRow): boolean {
  if ('assignmentId' in a && 'assignmentId' in b) return a.assignmentId === b.assignmentId;
  if ('supervisionId' in a && 'supervisionId' in b) return a.supervisionId === b.supervisionId;
  return a.ticketId === b.ticketId;
}

export function useWorkAction() {
  const store = useWorkStore();
  const { t } = useI18n();
  const label = useLabel();
  /** what others changed, shown above the list after a conflict */
  const conflict = ref('');
  const busy = ref(false);

  const current = (row: AnyWorkRow) => store.list.items.find((r) => sameRow(r, row)) ?? row;

  function describe(before: AnyWorkRow, after: AnyWorkRow | undefined): string {
    if (!after) return t('work.conflict.gone', { number: before.number });
    const changes: string[] = [];
    if (before.ticketStatus !== after.ticketStatus)
      changes.push(
        t('work.conflict.ticketStatus', {
          from: label('status', before.ticketStatus),
          to: label('status', after.ticketStatus),
        }),
      );
    if ('status' in before && 'status' in after && before.status !== after.status)
      changes.push(
        t('work.conflict.status', {
          from: label('assignmentStatus', before.status),
          to: label('assignmentStatus', after.status),
        }),
      );
    if ('extension' in before && 'extension' in after && before.extension?.status !== after.extension?.status)
      changes.push(t('work.conflict.extension', { to: label('extensionStatus', after.extension?.status) }));
    if ('dueAt' in before && 'dueAt' in after && before.dueAt !== after.dueAt) changes.push(t('work.conflict.due'));
    if (!changes.length) changes.push(t('work.conflict.other'));
    return t('work.conflict.changed', { number: before.number, changes: changes.join('；') });
  }

  async function run(row: AnyWorkRow, action: ActionName, fields: Record<string, unknown>): Promise<ActionOutcome> {
    const seen = current(row);
    busy.value = true;
    try {
      await ticketsApi.act(seen.ticketId, action, { ...fields, version: seen.version });
      conflict.value = '';
      ElMessage.success(t('work.done'));
      await Promise.all([store.refreshList(), store.refreshSummary()]).catch(() => undefined);
      return { ok: true, fields: {}, message: '' };
    } catch (err) {
      if (err instanceof ApiError && err.code === 'VERSION_CONFLICT') {
        await store.refreshList().catch(() => undefined);
        conflict.value = describe(
          seen,
          store.list.items.find((r) => sameRow(r, seen)),
        );
        return { ok: false, fields: {}, message: conflict.value };
      }
      if (err instanceof ApiError && err.code === 'VALIDATION')
        return { ok: false, fields: err.fields, message: err.message || t('errors.validation') };
      if (err instanceof ApiError && err.status === 401) return { ok: false, fields: {}, message: '' };
      const message =
        err instanceof ApiError && err.status === 403
          ? t('errors.forbidden')
          : err instanceof ApiError && err.status === 0
            ? t('errors.network')
            : err instanceof Error
              ? err.message
              : t('errors.generic');
      if (err instanceof ApiError && err.code === 'INVALID_TRANSITION')
        await store.refreshList().catch(() => undefined);
      return { ok: false, fields: {}, message };
    } finally {
      busy.value = false;
    }
  }

  /** For one-click actions (sign, accept, approve): failures go to a toast or the conflict banner. */
  async function runNow(row: AnyWorkRow, action: ActionName, fields: Record<string, unknown>): Promise<boolean> {
    const r = await run(row, action, fields);
    if (!r.ok && r.message && r.message !== conflict.value) ElMessage.error(r.message);
    return r.ok;
  }

  return { run, runNow, conflict, busy, current };
}
