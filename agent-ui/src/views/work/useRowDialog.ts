// The one dialog a work page has open at a time: its row, what kind of action it is for, and the server's
// field errors and message from the last failed submit (kept so the dialog stays open and shows them).
import { shallowReactive } from 'vue';
import type { FieldErrors } from '../../api/client';
import type { ActionOutcome } from './useWorkAction';

export function useRowDialog<R, K extends string = never>() {
  // shallow: the row is replaced, never edited, and stays typed as R
  const dialog = shallowReactive({
    open: false,
    kind: null as K | null,
    row: null as R | null,
    errorFields: {} as FieldErrors,
    errorMessage: '',
  });

  function openDialog(row: R, kind: K | null = null) {
    Object.assign(dialog, { open: true, kind, row, errorFields: {}, errorMessage: '' });
  }

  /** Closes the dialog after a successful action, otherwise keeps it open with the errors; returns `ok`. */
  function settle(outcome: ActionOutcome): boolean {
    if (outcome.ok) dialog.open = false;
    else Object.assign(dialog, { errorFields: outcome.fields, errorMessage: outcome.message });
    return outcome.ok;
  }

  return { dialog, openDialog, settle };
}
