// The limits editor's working copy: per urgency, own limits (editable) or inherited (shown).
import {
  LIMIT_KINDS,
  URGENCIES,
  type AdminCategory,
  type LimitSet,
  type LimitUnit,
  type OwnLimits,
} from '../../../api/adminReference';
import type { Urgency } from '../../../api/types';

export interface EditableLimit {
  value: number | undefined;
  unit: LimitUnit;
}
export interface EditableUrgency {
  own: boolean;
  sign: EditableLimit;
  feedback: EditableLimit;
  close: EditableLimit;
}
export type EditableLimits = Record<Urgency, EditableUrgency>;

const DEFAULT: LimitSet = {
  sign: { value: 2, unit: 'working_hours' },
  feedback: { value: 3, unit: 'working_days' },
  close: { value: 5, unit: 'working_days' },
};

/** own limits where the category has them, otherwise the effective (inherited) ones to start from */
export function editable(c: Pick<AdminCategory, 'limits' | 'effective'> | null, allOwn = false): EditableLimits {
  return Object.fromEntries(
    URGENCIES.map((u) => {
      const own = c?.limits[u] ?? null;
      const base = own ?? c?.effective[u]?.limits ?? DEFAULT;
      return [
        u,
        {
          own: allOwn || !!own,
          ...Object.fromEntries(LIMIT_KINDS.map((k) => [k, { value: base[k].value, unit: base[k].unit }])),
        } as EditableUrgency,
      ];
    }),
  ) as EditableLimits;
}

/** what the server takes: null for an urgency that inherits */
export function toOwnLimits(e: EditableLimits): OwnLimits {
  return Object.fromEntries(
    URGENCIES.map((u) => [
      u,
      e[u].own
        ? Object.fromEntries(LIMIT_KINDS.map((k) => [k, { value: e[u][k].value as number, unit: e[u][k].unit }]))
        : null,
    ]),
  ) as OwnLimits;
}
