import { useI18n } from 'vue-i18n';

export type LabelGroup =
  | 'status'
  | 'assignmentStatus'
  | 'assignmentRole'
  | 'role'
  | 'channel'
  | 'urgency'
  | 'feedbackResult'
  | 'satisfaction'
  | 'supervisionStatus'
  | 'extensionStatus'
  | 'action'
  | 'auditAction';

/** Label for an enum value, falling back to the raw value for anything the UI does not know yet. */
export function useLabel() {
  const { t, te } = useI18n();
  return (group: LabelGroup, value: string | null | undefined): string => {
    if (value === null || value === undefined || value === '') return t('common.none');
    const key = `${group}.${value}`;
    return te(key) ? t(key) : value;
  };
}
