// Hard roster rules. checkRoster lists every violation of a whole roster; AgentSchedule answers "may this shift
// be added?" incrementally for the planner. Both use pairCodes and the same run counting, so the planner
// cannot place a shift the checker would reject.
import type { Day, StaffingRequirement } from '../../contracts/domain/types';
import { type DayTypeOf, coverage } from './coverage';
import {
  type Assignment,
  type Interval,
  type ShiftTemplate,
  assignmentKey,
  dayFromOrdinal,
  dayOrdinal,
  isNightKind,
  restHoursBetween,
  overlaps,
  shiftInterval,
  templateMap,
} from './shifts';

export interface RosterRules {
  /** Minimum hours between the end of one work shift and the start of the next. */
  minRestHours: number;
  /** Night-kind shifts (night, 24 h duty) starting on consecutive days. */
  maxConsecutiveNights: number;
  /** Consecutive days on which a work shift starts; standby and the morning after a night do not count. */
  maxConsecutiveWorkDays: number;
  /** No day-kind shift starting the day after a night-kind shift started. */
  forbidDayAfterNight: boolean;
}

/**
 * With the default templates an 18:00–09:00 night leaves 9 h before the next evening's night, so an 11 h rest
 * already rules out back-to-back nights and maxConsecutiveNights only bites if minRestHours is lowered (or
 * with shorter night templates). The default keeps the 11 h rest; a centre that runs night blocks sets it.
 */
export const DEFAULT_RULES: Readonly<RosterRules> = {
  minRestHours: 11,
  maxConsecutiveNights: 3,
  maxConsecutiveWorkDays: 6,
  forbidDayAfterNight: true,
};

/** Approved leave, both days included. */
export interface Leave {
  agentId: string;
  from: Day;
  to: Day;
}

export type ViolationCode =
  | 'UNKNOWN_TEMPLATE'
  | 'OVERLAP'
  | 'MIN_REST'
  | 'DAY_AFTER_NIGHT'
  | 'MAX_CONSECUTIVE_NIGHTS'
  | 'MAX_CONSECUTIVE_WORK_DAYS'
  | 'ON_LEAVE'
  | 'COVERAGE_GAP';

export interface Violation {
  code: ViolationCode;
  /** null for a coverage gap. */
  agentId: string | null;
  /** The day the violation is filed under: the later shift of a pair, the first day over a limit. */
  day: Day;
  days: Day[];
  message: string;
  /** Keys (assignmentKey) of the roster's assignments involved; `previous` ones are context and left out. */
  assignmentIds: string[];
}

/** An assignment with its template and absolute times resolved. */
export interface PlacedShift {
  a: Assignment;
  t: ShiftTemplate;
  ord: number;
  iv: Interval;
  /** From `previous`: checked against, never reported on its own. */
  context: boolean;
}

export function placeShift(a: Assignment, t: ShiftTemplate, context = false): PlacedShift {
  return { a, t, ord: dayOrdinal(a.day), iv: shiftInterval(a.day, t), context };
}

/** Rules broken by two shifts of one agent, in either order. */
export function pairCodes(x: PlacedShift, y: PlacedShift, rules: RosterRules): ViolationCode[] {
  const codes: ViolationCode[] = [];
  // An overlap has no rest to measure; reporting MIN_REST as well would count one mistake twice.
  if (overlaps(x.iv, y.iv)) codes.push('OVERLAP');
  else if (x.t.countsAsWork && y.t.countsAsWork && restHoursBetween(x.iv, y.iv) < rules.minRestHours)
    codes.push('MIN_REST');
  const [first, second] = x.ord <= y.ord ? [x, y] : [y, x];
  if (rules.forbidDayAfterNight && second.ord === first.ord + 1 && isNightKind(first.t) && second.t.kind === 'day')
    codes.push('DAY_AFTER_NIGHT');
  return codes;
}

/** How many days either side of a shift can hold a shift that breaks a pair rule with it. */
function pairReachDays(rules: RosterRules): number {
  // The longest template is 24 h; rest is measured from its end.
  return 1 + Math.ceil((24 + Math.max(0, rules.minRestHours)) / 24);
}

const isWork = (p: PlacedShift) => p.t.countsAsWork;
const isNight = (p: PlacedShift) => p.t.countsAsWork && isNightKind(p.t);

/** One agent's shifts by start day, for incremental checks. */
export class AgentSchedule {
  private readonly byOrd = new Map<number, PlacedShift[]>();
  private readonly leave: Array<[number, number]>;

  constructor(
    readonly agentId: string,
    leave: readonly Leave[] = [],
  ) {
    this.leave = leave.filter((l) => l.agentId === agentId).map((l) => [dayOrdinal(l.from), dayOrdinal(l.to)]);
  }

  on(ord: number): readonly PlacedShift[] {
    return this.byOrd.get(ord) ?? [];
  }

  onLeave(ord: number): boolean {
    return this.leave.some(([from, to]) => ord >= from && ord <= to);
  }

  add(p: PlacedShift): void {
    const list = this.byOrd.get(p.ord);
    if (list) list.push(p);
    else this.byOrd.set(p.ord, [p]);
  }

  remove(p: PlacedShift): void {
    const list = this.byOrd.get(p.ord) ?? [];
    const i = list.indexOf(p);
    if (i >= 0) list.splice(i, 1);
  }

  /** Length of the run of days matching `pred` that `ord` would be part of, counting `ord` itself. */
  runThrough(ord: number, pred: (p: PlacedShift) => boolean): number {
    const has = (o: number) => this.on(o).some(pred);
    let n = 1;
    for (let o = ord - 1; has(o); o--) n++;
    for (let o = ord + 1; has(o); o++) n++;
    return n;
  }

  /** Rules `p` would break if added; empty means it may be added. */
  conflicts(p: PlacedShift, rules: RosterRules): ViolationCode[] {
    const codes = new Set<ViolationCode>();
    if (this.onLeave(p.ord)) codes.add('ON_LEAVE');
    const reach = pairReachDays(rules);
    for (let o = p.ord - reach; o <= p.ord + reach; o++) {
      for (const q of this.on(o)) for (const c of pairCodes(p, q, rules)) codes.add(c);
    }
    if (isWork(p) && this.runThrough(p.ord, isWork) > rules.maxConsecutiveWorkDays)
      codes.add('MAX_CONSECUTIVE_WORK_DAYS');
    if (isNight(p) && this.runThrough(p.ord, isNight) > rules.maxConsecutiveNights) codes.add('MAX_CONSECUTIVE_NIGHTS');
    return [...codes];
  }
}

export interface CheckInput {
  assignments: readonly Assignment[];
  templates: readonly ShiftTemplate[];
  rules?: Partial<RosterRules>;
  leave?: readonly Leave[];
  /** Shifts just before the period (end of the previous month): they count for rest and runs. */
  previous?: readonly Assignment[];
  /** With all three, coverage gaps are reported too. */
  requirements?: readonly StaffingRequirement[];
  days?: readonly Day[];
  dayType?: DayTypeOf;
}

const MESSAGES: Record<Exclude<ViolationCode, 'COVERAGE_GAP' | 'UNKNOWN_TEMPLATE'>, string> = {
  OVERLAP: 'shifts overlap',
  MIN_REST: 'rest between shifts is shorter than the minimum',
  DAY_AFTER_NIGHT: 'day shift right after a night shift',
  MAX_CONSECUTIVE_NIGHTS: 'too many consecutive nights',
  MAX_CONSECUTIVE_WORK_DAYS: 'too many consecutive work days',
  ON_LEAVE: 'shift on approved leave',
};

export function checkRoster(input: CheckInput): Violation[] {
  const rules = { ...DEFAULT_RULES, ...input.rules };
  const byCode = templateMap(input.templates);
  const out: Violation[] = [];
  const byAgent = new Map<string, PlacedShift[]>();
  const collect = (list: readonly Assignment[], context: boolean) => {
    for (const a of list) {
      const t = byCode.get(a.templateCode);
      if (!t) {
        if (!context)
          out.push(
            violation('UNKNOWN_TEMPLATE', a.agentId, [a.day], [a], `unknown shift template '${a.templateCode}'`),
          );
        continue;
      }
      const p = placeShift(a, t, context);
      const list = byAgent.get(a.agentId);
      if (list) list.push(p);
      else byAgent.set(a.agentId, [p]);
    }
  };
  collect(input.previous ?? [], true);
  collect(input.assignments, false);

  for (const [agentId, shifts] of byAgent) {
    shifts.sort((x, y) => x.iv.from - y.iv.from || x.iv.to - y.iv.to);
    const schedule = new AgentSchedule(agentId, input.leave ?? []);
    for (const p of shifts) {
      if (!p.context && schedule.onLeave(p.ord)) out.push(pairViolation('ON_LEAVE', [p], rules));
    }
    for (let i = 0; i < shifts.length; i++) {
      for (let j = i + 1; j < shifts.length && shifts[j].iv.from < shifts[i].iv.to; j++)
        out.push(pairViolation('OVERLAP', [shifts[i], shifts[j]], rules));
    }
    // Sorted by start, a short rest always shows between neighbours, so only neighbours are reported.
    const work = shifts.filter(isWork);
    for (let i = 0; i + 1 < work.length; i++) {
      const [x, y] = [work[i], work[i + 1]];
      if (!overlaps(x.iv, y.iv) && pairCodes(x, y, rules).includes('MIN_REST'))
        out.push(pairViolation('MIN_REST', [x, y], rules));
    }
    if (rules.forbidDayAfterNight) {
      for (const x of shifts) {
        if (!isNightKind(x.t)) continue;
        for (const y of shifts) {
          if (y.ord === x.ord + 1 && pairCodes(x, y, rules).includes('DAY_AFTER_NIGHT'))
            out.push(pairViolation('DAY_AFTER_NIGHT', [x, y], rules));
        }
      }
    }
    out.push(...runViolations('MAX_CONSECUTIVE_WORK_DAYS', shifts.filter(isWork), rules.maxConsecutiveWorkDays));
    out.push(...runViolations('MAX_CONSECUTIVE_NIGHTS', shifts.filter(isNight), rules.maxConsecutiveNights));
  }

  if (input.requirements && input.days && input.dayType) {
    for (const row of coverage(input.assignments, input.templates, input.requirements, input.days, input.dayType)) {
      if (row.gap <= 0) continue;
      out.push({
        code: 'COVERAGE_GAP',
        agentId: null,
        day: row.day,
        days: [row.day],
        message: `${row.requirementId}: ${row.planned} of ${row.required} planned, ${row.gap} missing`,
        assignmentIds: row.assignmentIds,
      });
    }
  }
  return out
    .filter((v) => v.assignmentIds.length > 0 || v.code === 'COVERAGE_GAP')
    .sort((x, y) => cmp(x.day, y.day) || cmp(x.code, y.code) || cmp(x.agentId ?? '', y.agentId ?? ''));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function violation(code: ViolationCode, agentId: string, days: Day[], list: Assignment[], message: string): Violation {
  return { code, agentId, day: days[days.length - 1], days, message, assignmentIds: list.map(assignmentKey) };
}

/** A violation between shifts; all-context pairs come back with no ids and are dropped by checkRoster. */
function pairViolation(code: keyof typeof MESSAGES, shifts: PlacedShift[], rules: RosterRules): Violation {
  const own = shifts.filter((p) => !p.context);
  const days = [...new Set(shifts.map((p) => p.a.day))];
  let message = `${MESSAGES[code]}: ${shifts.map((p) => `${p.a.day} ${p.t.code}`).join(' / ')}`;
  if (code === 'MIN_REST') message += ` (${restHoursBetween(shifts[0].iv, shifts[1].iv)} h < ${rules.minRestHours} h)`;
  return violation(
    code,
    shifts[0].a.agentId,
    days,
    own.map((p) => p.a),
    message,
  );
}

/** One violation per run of consecutive start days longer than `max`, filed under the first day over it. */
function runViolations(code: keyof typeof MESSAGES, shifts: PlacedShift[], max: number): Violation[] {
  const ords = [...new Set(shifts.map((p) => p.ord))].sort((a, b) => a - b);
  const out: Violation[] = [];
  let start = 0;
  for (let i = 1; i <= ords.length; i++) {
    if (i < ords.length && ords[i] === ords[i - 1] + 1) continue;
    const run = ords.slice(start, i);
    start = i;
    if (run.length <= max) continue;
    const inRun = shifts.filter((p) => p.ord >= run[0] && p.ord <= run[run.length - 1]);
    const own = inRun.filter((p) => !p.context).map((p) => p.a);
    const days = run.map(dayFromOrdinal);
    out.push({
      ...violation(code, inRun[0].a.agentId, days, own, `${MESSAGES[code]}: ${run.length} > ${max}`),
      day: days[max],
    });
  }
  return out;
}
