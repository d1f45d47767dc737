// Types shared by the contracts (rules, settlement) and roster (planning, attendance) domains.
// Plain data only: both sides are pure functions over these shapes, the services load and store them.
// Money is always an integer number of fen (分) so sums are exact; rounding happens once per line.

/** 'YYYY-MM-DD', a calendar day in Asia/Shanghai. */
export type Day = string;
/** 'HH:MM', 24-hour wall-clock time in Asia/Shanghai. */
export type ClockTime = string;

/**
 * Kind of day from the official calendar: a working day (incl. weekend make-up workdays), an ordinary
 * rest day (weekend), or an official holiday.
 */
export type DayType = 'workday' | 'restday' | 'holiday';

/**
 * One staffing requirement of a contract, e.g. "48 seats on working days", "night duty 18:00–09:00, 4 seats,
 * every day", "holiday duty 24 h". `end <= start` means the window ends on the next day. Seats are counted as
 * people: a requirement of 48 on a day is met by 48 different agents each working a shift that counts toward it.
 */
export interface StaffingRequirement {
  /** Stable id within the contract, referenced by shift templates ("covers"). e.g. 'workday_day', 'night'. */
  id: string;
  label: string;
  dayTypes: DayType[];
  start: ClockTime;
  end: ClockTime;
  seats: number;
}

/** What a roster day contributes per requirement after attendance: the input of the seat-gap metric. */
export interface SlotStaffing {
  day: Day;
  requirementId: string;
  required: number;
  /** Agents who actually staffed it (planned on a covering shift and counted present). */
  staffed: number;
  /** Ids of the agents counted in `staffed`, and the shift assignment ids behind them (evidence). */
  agentIds: string[];
  assignmentIds: string[];
}

/** An "unattended seat" incident found in presence history inside a planned shift. */
export interface UnattendedIncident {
  agentId: string;
  assignmentId: string;
  day: Day;
  /** ISO instants. */
  from: string;
  to: string;
  minutes: number;
  /** Presence state during the gap: 'offline' or 'not_ready'(+reason). */
  state: string;
  reason: string | null;
}

/** Where a settlement line's count comes from: enough to find the input row again. */
export interface Evidence {
  kind:
    | 'slot'
    | 'assignment'
    | 'incident'
    | 'ticket'
    | 'manual'
    | 'document'
    | 'training'
    | 'staff'
    | 'device'
    | 'assessment'
    | 'obligation';
  /** id of the input row (assignment id, ticket id, manual item id, device id …). */
  ref: string;
  day?: Day;
  label: string;
}
