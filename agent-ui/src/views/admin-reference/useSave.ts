// One way for every reference-data dialog to save: the server's field errors land on their fields (in the
// user's language when the message is one we know), a 409 VERSION_CONFLICT reloads the record and shows
// what someone else changed, so the user can check and save again on top of it.
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { ApiError, type FieldErrors } from '../../api/client';

/** server message → adminRef.errors key (the server speaks English; unknown messages are shown as sent) */
const KNOWN: Record<string, string> = {
  Required: 'required',
  Taken: 'taken',
  'Choose a type': 'chooseType',
  'Choose a kind': 'chooseKind',
  'Choose a unit': 'chooseUnit',
  'Choose a reason': 'chooseReason',
  'Choose client or contractor': 'chooseClient',
  'Greater than 0': 'positive',
  'Whole days': 'wholeDays',
  'Whole number': 'wholeNumber',
  'At most 2 decimals': 'twoDecimals',
  'Not a phone number': 'phone',
  'Unknown unit': 'unknownUnit',
  'The parent unit is inactive': 'parentInactive',
  'Reactivate the parent unit first': 'parentUnitFirst',
  'Reactivate the parent category first': 'parentCategoryFirst',
  'The top of the tree cannot be deactivated': 'topLevel',
  'At least one line must stay active': 'lastLine',
  'A top-level category needs its own limits (nothing to inherit)': 'topLimits',
  'must not be longer than the feedback limit': 'signAfterFeedback',
  'must not be longer than the close limit': 'feedbackAfterClose',
  'must be 18 characters': 'credit18',
  'check character does not match (typo?)': 'creditCheck',
  'characters 3–8 must be the administrative division code': 'creditDivision',
};

export interface Change {
  field: string;
  before: string;
  after: string;
}

export function useSave() {
  const { t } = useI18n();
  const saving = ref(false);
  const errors = ref<FieldErrors>({});
  /** after a 409: what changed meanwhile (shown in the dialog until the next save) */
  const conflict = ref<Change[] | null>(null);

  function translate(msg: string): string {
    const known = KNOWN[msg];
    if (known) return t(`adminRef.errors.${known}`);
    const long = /^At most (\d+) characters$/.exec(msg);
    if (long) return t('adminRef.errors.tooLong', { n: long[1] });
    const hold = /^A (\w+) cannot hold a (\w+)$/.exec(msg);
    if (hold)
      return t('adminRef.errors.cannotHold', {
        parent: t(`adminRef.org.types.${hold[1]}`),
        child: t(`adminRef.org.types.${hold[2]}`),
      });
    return msg;
  }

  function reset(): void {
    errors.value = {};
    conflict.value = null;
  }

  /**
   * Runs `save`. Returns true when it went through. On a conflict `reload` fetches the record as it is now
   * and returns what changed compared to what the user started from (or null when it is gone).
   */
  async function run(save: () => Promise<unknown>, reload?: () => Promise<Change[] | null>): Promise<boolean> {
    saving.value = true;
    errors.value = {};
    try {
      await save();
      conflict.value = null;
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT' && reload) {
        const changes = await reload().catch(() => null);
        conflict.value = changes ?? [];
        if (!changes) ElMessage.warning(t('adminRef.conflict.gone'));
      } else if (e instanceof ApiError && Object.keys(e.fields).length) {
        errors.value = Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k, translate(v)]));
      } else if (e instanceof ApiError && e.status === 403) {
        ElMessage.error(t('adminRef.errors.forbidden'));
      } else {
        ElMessage.error((e as Error).message);
      }
      return false;
    } finally {
      saving.value = false;
    }
  }

  return { saving, errors, conflict, run, reset, translate };
}

/** The fields whose values differ between two versions of a record, labelled for the conflict notice. */
export function diff<T extends object>(
  before: T,
  after: T,
  fields: { key: keyof T; label: string; show?: (v: unknown) => string }[],
): Change[] {
  const text = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));
  return fields
    .filter((f) => JSON.stringify(before[f.key]) !== JSON.stringify(after[f.key]))
    .map((f) => ({
      field: f.label,
      before: (f.show ?? text)(before[f.key]),
      after: (f.show ?? text)(after[f.key]),
    }));
}

/** The first error of a field and its sub-fields ('limits.normal' also shows 'limits.normal.sign.value'). */
export function fieldError(errors: FieldErrors, key: string): string | undefined {
  return errors[key] ?? Object.entries(errors).find(([k]) => k.startsWith(`${key}.`))?.[1];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The form fields the user changed compared to the record as the form first showed it. */
export function changedFields<F extends object>(form: F, base: F): Partial<F> {
  const keys = [...new Set([...Object.keys(base), ...Object.keys(form)])] as (keyof F)[];
  return Object.fromEntries(keys.filter((k) => !same(form[k], base[k])).map((k) => [k, form[k]])) as Partial<F>;
}

/**
 * After a conflict: the fields the user has not touched take the record's current values, the user's own
 * edits stay — so saving again changes only what the user changed, on top of what someone else did.
 */
export function rebase<F extends object>(form: F, seen: F, now: F): void {
  for (const k of Object.keys(now) as (keyof F)[]) if (same(form[k], seen[k])) form[k] = now[k];
}
