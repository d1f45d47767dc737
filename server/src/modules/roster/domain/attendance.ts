// Attendance from presence history: who was signed in during their planned shift, who was late, left early or
// absent, where a seat was left unattended (脱岗), and how many seats each contract slot really had. Pure: the
// service loads agent_state_events and the roster and passes `now`, so settlement can be replayed.
//
// "Signed in" is any state but offline: firstIn / lastOut / presentMinutes measure attendance. An unattended
// incident is a stretch between firstIn and lastOut spent offline or not-ready for an unapproved reason: the
// time before the first sign-in of a shift is lateness and the time after the last sign-out is leaving early,
// each reported once as such and never also as an unattended seat.
import type { Day, SlotStaffing, StaffingRequirement, UnattendedIncident } from '../../contracts/domain/types';
import type { PresenceState } from '../../presence/domain';
import { type DayTypeOf, assignmentsBySlot, requiredSlots, slotKey } from './coverage';
import { type Assignment, type ShiftTemplate, MINUTE_MS, assignmentKey, shiftInterval, templateMap } from './shifts';

/** One row of agent_state_events: [from, to), `to` null while it is the agent's current state. */
export interface PresenceInterval {
  agentId: string;
  state: PresenceState;
  reason: string | null;
  from: string;
  to: string | null;
}

export interface AttendanceConfig {
  /** Lateness or leaving early up to this many minutes is not flagged (the minutes are still reported). */
  graceMinutes: number;
  /** A shift counts as staffed when the agent was signed in for at least this share of it. */
  staffedMinRatio: number;
  unattended: {
    states: PresenceState[];
    /** not_ready reasons that are part of the job; any other reason (or none) is unattended. */
    approvedReasons: string[];
    /** Only stretches strictly longer than this are incidents. */
    minutes: number;
  };
}

/**
 * Half a shift makes a staffed seat: the contract charges a missing seat per day, and someone who worked half
 * the day did not leave it empty; lateness and leaving early are reported on their own.
 */
export const DEFAULT_ATTENDANCE: Readonly<AttendanceConfig> = {
  graceMinutes: 5,
  staffedMinRatio: 0.5,
  unattended: { states: ['offline', 'not_ready'], approvedReasons: ['meal', 'training', 'meeting'], minutes: 15 },
};

export type AttendanceStatus = 'ok' | 'late' | 'left_early' | 'late_and_left_early' | 'absent';

export interface AttendanceRow {
  assignmentId: string;
  agentId: string;
  day: Day;
  templateCode: string;
  /** ISO instants. */
  plannedFrom: string;
  plannedTo: string;
  /** Start of the first signed-in stretch reaching into the shift (may be before plannedFrom). */
  firstIn: string | null;
  /** End of the last signed-in stretch reaching into the shift; `now` while still signed in. */
  lastOut: string | null;
  presentMinutes: number;
  lateMinutes: number;
  /** 0 while the shift is in progress: leaving early is only known once it is over. */
  leftEarlyMinutes: number;
  absent: boolean;
  counted: boolean;
  status: AttendanceStatus;
  /** `now` is inside the shift: the figures are so far. */
  inProgress: boolean;
}

export interface AttendanceInput {
  /** Stored assignments (with ids); shifts that have not started by `now` are left out. */
  assignments: readonly Assignment[];
  templates: readonly ShiftTemplate[];
  presence: readonly PresenceInterval[];
  /** ISO instant: open intervals end here, later shifts are not judged yet. */
  now: string;
  config?: Partial<Omit<AttendanceConfig, 'unattended'>> & { unattended?: Partial<AttendanceConfig['unattended']> };
}

interface Piece {
  state: PresenceState;
  reason: string | null;
  from: number;
  to: number;
}

function parseInstant(s: string): number {
  const ms = Date.parse(s);
  if (!Number.isFinite(ms)) throw new RangeError(`Invalid instant '${s}'`);
  return ms;
}

const iso = (ms: number) => new Date(ms).toISOString();
const minutes = (ms: number) => Math.round(ms / MINUTE_MS);

function resolveConfig(c: AttendanceInput['config']): AttendanceConfig {
  return { ...DEFAULT_ATTENDANCE, ...c, unattended: { ...DEFAULT_ATTENDANCE.unattended, ...c?.unattended } };
}

/**
 * Each agent's history as a sequence of non-overlapping pieces ending by `now`. The history is one state after
 * another, so a row that (through clock skew) runs past the next row's start is cut there; time with no row at
 * all is offline.
 */
function timelines(presence: readonly PresenceInterval[], now: number): Map<string, Piece[]> {
  const byAgent = new Map<string, Piece[]>();
  for (const p of presence) {
    const from = parseInstant(p.from);
    if (from >= now) continue;
    const piece = {
      state: p.state,
      reason: p.reason,
      from,
      to: Math.min(p.to == null ? now : parseInstant(p.to), now),
    };
    const list = byAgent.get(p.agentId);
    if (list) list.push(piece);
    else byAgent.set(p.agentId, [piece]);
  }
  for (const [agentId, list] of byAgent) {
    list.sort((a, b) => a.from - b.from);
    for (let i = 0; i + 1 < list.length; i++) list[i].to = Math.min(list[i].to, list[i + 1].from);
    byAgent.set(
      agentId,
      list.filter((p) => p.to > p.from),
    );
  }
  return byAgent;
}

/** Signed-in stretches: consecutive non-offline pieces with no hole between them. */
function signedIn(pieces: readonly Piece[]): Array<{ from: number; to: number }> {
  const out: Array<{ from: number; to: number }> = [];
  for (const p of pieces) {
    if (p.state === 'offline') continue;
    const last = out[out.length - 1];
    if (last && p.from <= last.to) last.to = Math.max(last.to, p.to);
    else out.push({ from: p.from, to: p.to });
  }
  return out;
}

interface Judged {
  row: AttendanceRow;
  assignment: Assignment;
  /** [firstIn, lastOut] ∩ the shift so far: where unattended time is looked for. */
  inside: { from: number; to: number } | null;
}

function judge(input: AttendanceInput): { judged: Judged[]; lines: Map<string, Piece[]>; cfg: AttendanceConfig } {
  const cfg = resolveConfig(input.config);
  const now = parseInstant(input.now);
  const byCode = templateMap(input.templates);
  const lines = timelines(input.presence, now);
  const judged: Judged[] = [];
  for (const a of input.assignments) {
    const t = byCode.get(a.templateCode);
    if (!t) continue;
    const { from: pf, to: pt } = shiftInterval(a.day, t);
    if (pf >= now) continue;
    const end = Math.min(pt, now);
    const inProgress = now < pt;
    const stretches = signedIn(lines.get(a.agentId) ?? []).filter((s) => s.to > pf && s.from < end);
    const presentMs = stretches.reduce((sum, s) => sum + Math.min(s.to, end) - Math.max(s.from, pf), 0);
    const first = stretches[0];
    const last = stretches[stretches.length - 1];
    const absent = !first;
    const lateMs = first ? Math.max(0, first.from - pf) : 0;
    const earlyMs = last && !inProgress ? Math.max(0, pt - last.to) : 0;
    const late = lateMs > cfg.graceMinutes * MINUTE_MS;
    const early = earlyMs > cfg.graceMinutes * MINUTE_MS;
    const status: AttendanceStatus = absent
      ? 'absent'
      : late && early
        ? 'late_and_left_early'
        : late
          ? 'late'
          : early
            ? 'left_early'
            : 'ok';
    judged.push({
      assignment: a,
      inside: first ? { from: Math.max(first.from, pf), to: Math.min(last.to, end) } : null,
      row: {
        assignmentId: assignmentKey(a),
        agentId: a.agentId,
        day: a.day,
        templateCode: a.templateCode,
        plannedFrom: iso(pf),
        plannedTo: iso(pt),
        firstIn: first ? iso(first.from) : null,
        lastOut: last ? iso(last.to) : null,
        presentMinutes: minutes(presentMs),
        lateMinutes: minutes(lateMs),
        leftEarlyMinutes: minutes(earlyMs),
        absent,
        counted: presentMs >= cfg.staffedMinRatio * (pt - pf),
        status,
        inProgress,
      },
    });
  }
  return { judged, lines, cfg };
}

/** Attendance of every assignment that has started by `now`, in input order. */
export function attendance(input: AttendanceInput): AttendanceRow[] {
  return judge(input).judged.map((j) => j.row);
}

/** Unattended stretches longer than the configured minutes inside planned shifts, by assignment then time. */
export function unattendedIncidents(input: AttendanceInput): UnattendedIncident[] {
  const { judged, lines, cfg } = judge(input);
  const u = cfg.unattended;
  const isUnattended = (p: Pick<Piece, 'state' | 'reason'>) =>
    u.states.includes(p.state) && (p.state === 'offline' || p.reason == null || !u.approvedReasons.includes(p.reason));
  const out: UnattendedIncident[] = [];
  for (const { assignment: a, inside } of judged) {
    if (!inside) continue;
    // The window's pieces, holes filled with offline, then runs of unattended pieces merged.
    const pieces: Piece[] = [];
    let cursor = inside.from;
    for (const p of lines.get(a.agentId) ?? []) {
      if (p.to <= inside.from || p.from >= inside.to) continue;
      const from = Math.max(p.from, inside.from);
      if (from > cursor) pieces.push({ state: 'offline', reason: null, from: cursor, to: from });
      pieces.push({ ...p, from, to: Math.min(p.to, inside.to) });
      cursor = Math.min(p.to, inside.to);
    }
    if (cursor < inside.to) pieces.push({ state: 'offline', reason: null, from: cursor, to: inside.to });
    let run: Piece[] = [];
    const flush = () => {
      if (!run.length) return;
      const from = run[0].from;
      const to = run[run.length - 1].to;
      // The stretch is named after the state it spent most time in.
      const main = run.reduce((m, p) => (p.to - p.from > m.to - m.from ? p : m));
      if (to - from > u.minutes * MINUTE_MS)
        out.push({
          agentId: a.agentId,
          assignmentId: assignmentKey(a),
          day: a.day,
          from: iso(from),
          to: iso(to),
          minutes: minutes(to - from),
          state: main.state,
          reason: main.reason,
        });
      run = [];
    };
    // Pieces are contiguous by construction, so consecutive unattended pieces form one stretch.
    for (const p of pieces) {
      if (isUnattended(p)) run.push(p);
      else flush();
    }
    flush();
  }
  return out;
}

export interface SlotStaffingInput {
  assignments: readonly Assignment[];
  attendance: readonly AttendanceRow[];
  templates: readonly ShiftTemplate[];
  requirements: readonly StaffingRequirement[];
  days: readonly Day[];
  dayType: DayTypeOf;
}

/** Seats actually staffed per day × requirement: agents on a covering shift whose attendance counted. */
export function slotStaffing(input: SlotStaffingInput): SlotStaffing[] {
  const counted = new Set(input.attendance.filter((r) => r.counted).map((r) => r.assignmentId));
  const staffed = input.assignments.filter((a) => counted.has(assignmentKey(a)));
  const bySlot = assignmentsBySlot(staffed, input.templates, input.requirements, input.dayType);
  return requiredSlots(input.requirements, input.days, input.dayType).map((s) => {
    const list = bySlot.get(slotKey(s.day, s.requirementId)) ?? [];
    return {
      day: s.day,
      requirementId: s.requirementId,
      required: s.required,
      staffed: list.length,
      agentIds: list.map((a) => a.agentId),
      assignmentIds: list.map(assignmentKey),
    };
  });
}
