// An agent's own month: published shifts, their leave and swap requests, and the two request forms.
import { ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { ApiError, type FieldErrors } from '../../../api/client';
import {
  rosterApi,
  type LeaveKind,
  type LeaveRequest,
  type MyShift,
  type SwapInput,
  type SwapRequest,
} from '../../../api/workforce';
import { currentMonth, monthRange } from '../dates';

export function useMyShifts() {
  const { t } = useI18n();
  const month = ref(currentMonth());
  const shifts = ref<MyShift[]>([]);
  const leave = ref<LeaveRequest[]>([]);
  const swaps = ref<SwapRequest[]>([]);
  const loading = ref(false);
  const saving = ref(false);
  const fields = ref<FieldErrors>({});

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const r = monthRange(month.value);
      [shifts.value, leave.value, swaps.value] = await Promise.all([
        rosterApi.myShifts(r.from, r.to),
        rosterApi.leave({ mine: true }),
        rosterApi.swaps(),
      ]);
    } catch (e) {
      ElMessage.error((e as Error).message);
    } finally {
      loading.value = false;
    }
  }

  /** Sends a request; field errors stay on the form, anything else is a message. True when it went through. */
  async function send(fn: () => Promise<unknown>): Promise<boolean> {
    saving.value = true;
    fields.value = {};
    try {
      await fn();
      ElMessage.success(t('roster.my.submitted'));
      await load();
      return true;
    } catch (e) {
      if (e instanceof ApiError && Object.keys(e.fields).length) fields.value = e.fields;
      else ElMessage.error((e as Error).message);
      return false;
    } finally {
      saving.value = false;
    }
  }

  const requestLeave = (b: { fromDay: string; toDay: string; kind: LeaveKind; note: string | null }) =>
    send(() => rosterApi.requestLeave(b));
  const requestSwap = (b: SwapInput) => send(() => rosterApi.requestSwap(b));
  async function withdraw(l: LeaveRequest): Promise<void> {
    try {
      await rosterApi.decideLeave(l.id, { approve: false, version: l.version });
    } catch (e) {
      ElMessage.error((e as Error).message);
    }
    await load();
  }

  const clearFields = () => (fields.value = {});
  watch(month, load);
  return {
    month,
    shifts,
    leave,
    swaps,
    loading,
    saving,
    fields,
    clearFields,
    load,
    requestLeave,
    requestSwap,
    withdraw,
  };
}
export type MyShiftsState = ReturnType<typeof useMyShifts>;
