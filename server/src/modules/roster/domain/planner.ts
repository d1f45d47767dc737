// Automatic monthly roster. Deterministic (no randomness, every tie broken by agent order) so the same input
// always gives the same roster and a leader can re-run it after changing leave or fixed shifts.
//
// Greedy, day by day: the requirements that are hardest to staff first (nights, then rest-day duty, then the
// working-day seats), each seat to the eligible agent with the least load of that kind so far. Eligibility is
// AgentSchedule.conflicts — the checker's own rules — so the plan never breaks a hard rule; a seat nobody may
// take stays a gap. A repair pass then moves shifts from the most to the least loaded agents (alone, or swapped
// against a shift of another kind) while that narrows a spread without widening another.
import type { Day, DayType, StaffingRequirement } from '../../contracts/domain/types';
import {
  AgentSchedule,
  DEFAULT_RULES,
  type Leave,
  type PlacedShift,
  type RosterRules,
  placeShift,
} from './constraints';
import { type DayTypeOf, assignmentsBySlot, coverage, requirementApplies, slotKey } from './coverage';
import {
  type Assignment,
  type ShiftTemplate,
  clockMinutes,
  dayOrdinal,
  isNightKind,
  templateMap,
  windowMinutes,
} from './shifts';

export interface PlannerAgent {
  id: string;
  name: string;
  /** Accepted for the service's convenience; requirements carry no skills yet, so the planner ignores them. */
  skills?: string[];
}

export interface PlanInput {
  agents: readonly PlannerAgent[];
  days: readonly Day[];
  dayType: DayTypeOf;
  requirements: readonly StaffingRequirement[];
  templates: readonly ShiftTemplate[];
  leave?: readonly Leave[];
  /** Kept as they are (hand-made shifts); they count toward coverage and load. */
  fixed?: readonly Assignment[];
  /** The last days before the period: only checked against (rest, consecutive days). */
  previous?: readonly Assignment[];
  rules?: Partial<RosterRules>;
  /**
   * Requirement id → template codes to staff it with, cycled over the seats of each day. Default: the work
   * templates that cover only that requirement and span its whole window (so 'day', not 'early' / 'late', for
   * the 09:00–18:00 seats: a seat counts for the whole window).
   */
  templatesFor?: Record<string, string[]>;
}

export interface PlanGap {
  day: Day;
  requirementId: string;
  missing: number;
}

export interface Spread {
  min: number;
  max: number;
  spread: number;
}

type Category = 'nights' | 'weekends' | 'holidays' | 'shifts';
const CATEGORIES: readonly Category[] = ['nights', 'weekends', 'holidays', 'shifts'];

export interface AgentLoad {
  agentId: string;
  /** Work shifts (standby excluded). */
  shifts: number;
  /** Night-kind shifts (night, 24 h duty). */
  nights: number;
  /** Work shifts starting on an ordinary rest day. */
  weekends: number;
  /** Work shifts starting on an official holiday. */
  holidays: number;
  hours: number;
  /** Days of the period not on leave: read the counts against it. */
  availableDays: number;
}

export interface Fairness extends Record<Category | 'hours', Spread> {
  perAgent: AgentLoad[];
}

export interface PlanResult {
  /** Fixed and planned, sorted by day, template, agent. Planned ones have no id. */
  assignments: Assignment[];
  gaps: PlanGap[];
  fairness: Fairness;
  stats: {
    agents: number;
    days: number;
    fixed: number;
    planned: number;
    requiredSeats: number;
    staffedSeats: number;
    missingSeats: number;
    repairMoves: number;
  };
}

/** Nights first (they also block the next day), then requirements that only exist on rest days, then the rest. */
function requirementRank(r: StaffingRequirement): number {
  if (clockMinutes(r.end) <= clockMinutes(r.start)) return 0;
  return r.dayTypes.includes('workday') ? 2 : 1;
}

export function defaultTemplatesFor(r: StaffingRequirement, templates: readonly ShiftTemplate[]): string[] {
  const single = templates.filter((t) => t.countsAsWork && t.covers.length === 1 && t.covers[0] === r.id);
  const reqFrom = clockMinutes(r.start);
  const reqLen = windowMinutes(r.start, r.end);
  const spans = (t: ShiftTemplate) => {
    // Offset of the requirement's start inside the shift, with the shift's own day as origin.
    const offset = (reqFrom - clockMinutes(t.start) + 1440) % 1440;
    return offset + reqLen <= windowMinutes(t.start, t.end);
  };
  const pick = single.filter(spans);
  const list = pick.length ? pick : single.length ? single : templates.filter((t) => t.covers.includes(r.id));
  return list.map((t) => t.code);
}

interface Placed extends PlacedShift {
  type: DayType;
}

const isWork = (p: PlacedShift) => p.t.countsAsWork;
function touched(p: Placed): Category[] {
  if (!p.t.countsAsWork) return [];
  const cats: Category[] = ['shifts'];
  if (isNightKind(p.t)) cats.push('nights');
  if (p.type === 'restday') cats.push('weekends');
  if (p.type === 'holiday') cats.push('holidays');
  return cats;
}

export function autoPlan(input: PlanInput): PlanResult {
  const rules: RosterRules = { ...DEFAULT_RULES, ...input.rules };
  const byCode = templateMap(input.templates);
  const template = (code: string) => {
    const t = byCode.get(code);
    if (!t) throw new Error(`Unknown shift template '${code}'`);
    return t;
  };
  const agents = [...input.agents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const order = new Map(agents.map((a, i) => [a.id, i]));
  const days = [...new Set(input.days)].sort();
  const typeOf = new Map(days.map((d) => [d, input.dayType(d)]));
  const leave = input.leave ?? [];
  const schedules = new Map(agents.map((a) => [a.id, new AgentSchedule(a.id, leave)]));
  const load = new Map(agents.map((a) => [a.id, { nights: 0, weekends: 0, holidays: 0, shifts: 0, minutes: 0 }]));
  const planned: Placed[] = [];

  const bump = (p: Placed) => {
    const l = load.get(p.a.agentId);
    if (!l) return;
    for (const c of touched(p)) l[c]++;
    if (p.t.countsAsWork) l.minutes += windowMinutes(p.t.start, p.t.end);
  };
  const place = (a: Assignment): Placed => ({
    ...placeShift(a, template(a.templateCode)),
    type: typeOf.get(a.day) ?? input.dayType(a.day),
  });

  for (const a of input.previous ?? []) {
    const t = byCode.get(a.templateCode);
    if (t) schedules.get(a.agentId)?.add(placeShift(a, t, true));
  }
  const fixed = (input.fixed ?? []).map(place);
  for (const p of fixed) {
    schedules.get(p.a.agentId)?.add(p);
    if (typeOf.has(p.a.day)) bump(p);
  }

  const covered = new Map<string, number>();
  for (const [key, list] of assignmentsBySlot(input.fixed ?? [], input.templates, input.requirements, input.dayType))
    covered.set(key, list.length);
  const reqs = [...input.requirements].sort((x, y) => requirementRank(x) - requirementRank(y));
  const optionsFor = new Map(
    reqs.map((r) => [r.id, (input.templatesFor?.[r.id] ?? defaultTemplatesFor(r, input.templates)).map(template)]),
  );

  /** Lower is better: least load of the kinds this shift adds to, fewest shifts, hours, shortest run, agent order. */
  const score = (agentId: string, p: Placed, run: number): number[] => {
    const l = load.get(agentId)!;
    const kinds = touched(p).filter((c) => c !== 'shifts');
    return [kinds.reduce((s, c) => s + l[c], 0), l.shifts, l.minutes, run, order.get(agentId)!];
  };
  const better = (x: number[], y: number[]) => {
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i];
    return false;
  };

  const pickAgent = (day: Day, t: ShiftTemplate): Placed | null => {
    let best: { p: Placed; key: number[] } | null = null;
    const proto = place({ agentId: '', day, templateCode: t.code });
    for (const agent of agents) {
      const s = schedules.get(agent.id)!;
      // One shift per agent per day keeps the roster readable and the seat count honest.
      if (s.on(proto.ord).length) continue;
      const p: Placed = { ...proto, a: { ...proto.a, agentId: agent.id } };
      if (s.conflicts(p, rules).length) continue;
      const key = score(agent.id, p, s.runThrough(proto.ord, isWork));
      if (!best || better(key, best.key)) best = { p, key };
    }
    return best?.p ?? null;
  };

  for (const day of days) {
    const type = typeOf.get(day)!;
    for (const r of reqs) {
      if (!requirementApplies(r, type)) continue;
      const options = optionsFor.get(r.id)!;
      for (let seat = covered.get(slotKey(day, r.id)) ?? 0; seat < r.seats; seat++) {
        let p: Placed | null = null;
        // The seat's own template first; another option when nobody may work that one.
        for (let k = 0; k < options.length && !p; k++) p = pickAgent(day, options[(seat + k) % options.length]);
        if (!p) break;
        schedules.get(p.a.agentId)!.add(p);
        bump(p);
        planned.push(p);
        // A shift covering several requirements (24 h duty) fills a seat of each; this one is counted by `seat`.
        for (const other of input.requirements) {
          if (other.id === r.id || !p.t.covers.includes(other.id) || !requirementApplies(other, type)) continue;
          covered.set(slotKey(day, other.id), (covered.get(slotKey(day, other.id)) ?? 0) + 1);
        }
      }
    }
  }

  const repairMoves = repair(agents, { planned, schedules, load, rules });

  const idx = new Map(input.templates.map((t, i) => [t.code, i]));
  const assignments = [...fixed.map((p) => p.a), ...planned.map((p) => p.a)].sort(
    (x, y) =>
      (x.day < y.day ? -1 : x.day > y.day ? 1 : 0) ||
      (idx.get(x.templateCode) ?? 0) - (idx.get(y.templateCode) ?? 0) ||
      (order.get(x.agentId) ?? -1) - (order.get(y.agentId) ?? -1) ||
      (x.agentId < y.agentId ? -1 : x.agentId > y.agentId ? 1 : 0),
  );
  const rows = coverage(assignments, input.templates, input.requirements, days, input.dayType);
  const gaps = rows
    .filter((r) => r.gap > 0)
    .map((r) => ({ day: r.day, requirementId: r.requirementId, missing: r.gap }));
  const required = rows.reduce((s, r) => s + r.required, 0);
  const missing = gaps.reduce((s, g) => s + g.missing, 0);
  return {
    assignments,
    gaps,
    fairness: fairness(agents, days, schedules, load),
    stats: {
      agents: agents.length,
      days: days.length,
      fixed: fixed.length,
      planned: planned.length,
      requiredSeats: required,
      staffedSeats: required - missing,
      missingSeats: missing,
      repairMoves,
    },
  };
}

type Load = Map<string, Record<Category | 'minutes', number>>;

interface Pool {
  planned: Placed[];
  schedules: Map<string, AgentSchedule>;
  load: Load;
  rules: RosterRules;
}

/**
 * Rebalances with shifts already planned: a shift moves from a more to a less loaded agent (same day and
 * template, so coverage is unchanged), alone or swapped against one of the receiver's shifts of another kind so
 * the total stays even. Taken only if the loads of `cat` between the two get closer and no other kind's get
 * further apart: the sum of squared loads strictly falls, so the pass ends.
 */
function repair(agents: readonly PlannerAgent[], pool: Pool): number {
  let moves = 0;
  for (let progress = true; progress && moves < pool.planned.length * 4;) {
    progress = false;
    for (const cat of CATEGORIES) {
      const count = (a: PlannerAgent) => pool.load.get(a.id)![cat];
      const ranked = [...agents].sort((x, y) => count(y) - count(x));
      const least = count(ranked[ranked.length - 1]);
      for (const giver of ranked.filter((g) => count(g) >= least + 2)) {
        const receivers = [...ranked].reverse().filter((r) => count(r) + 2 <= count(giver));
        if (rebalance(giver.id, receivers, cat, pool)) {
          moves++;
          progress = true;
          break;
        }
      }
    }
  }
  return moves;
}

/** Net units of each kind `p` (minus `q`) moves from giver to receiver. */
function transfer(p: Placed, q: Placed | null): Map<Category, number> {
  const d = new Map<Category, number>();
  for (const c of touched(p)) d.set(c, (d.get(c) ?? 0) + 1);
  for (const c of q ? touched(q) : []) d.set(c, (d.get(c) ?? 0) - 1);
  return d;
}

/** (g−d)² + (r+d)² ≤ g² + r² for every kind, strictly for `cat`. */
function acceptable(g: Record<Category, number>, r: Record<Category, number>, d: Map<Category, number>, cat: Category) {
  for (const [c, n] of d) {
    const room = n * (g[c] - r[c]) - n * n;
    if (room < 0 || (c === cat && room === 0)) return false;
  }
  return (d.get(cat) ?? 0) > 0;
}

function rebalance(giverId: string, receivers: readonly PlannerAgent[], cat: Category, pool: Pool): boolean {
  const { planned, schedules, load } = pool;
  const g = load.get(giverId)!;
  const mine = (id: string) => planned.filter((p) => p.a.agentId === id);
  for (const p of mine(giverId).filter((x) => touched(x).includes(cat))) {
    for (const rec of receivers) {
      if (schedules.get(rec.id)!.on(p.ord).length) continue;
      const r = load.get(rec.id)!;
      const swaps = [null, ...mine(rec.id).filter((q) => q.ord !== p.ord && !touched(q).includes(cat))];
      for (const q of swaps) {
        if (acceptable(g, r, transfer(p, q), cat) && exchange(p, q, giverId, rec.id, pool)) return true;
      }
    }
  }
  return false;
}

/** Gives `p` to the receiver and `q` (if any) to the giver when both schedules still pass; else changes nothing. */
function exchange(p: Placed, q: Placed | null, giverId: string, receiverId: string, pool: Pool): boolean {
  const gs = pool.schedules.get(giverId)!;
  const rs = pool.schedules.get(receiverId)!;
  if (q && gs.on(q.ord).length) return false;
  const p2: Placed = { ...p, a: { ...p.a, agentId: receiverId } };
  const q2: Placed | null = q && { ...q, a: { ...q.a, agentId: giverId } };
  gs.remove(p);
  if (q) rs.remove(q);
  const ok = !rs.conflicts(p2, pool.rules).length && (!q2 || !gs.conflicts(q2, pool.rules).length);
  if (!ok) {
    gs.add(p);
    if (q) rs.add(q);
    return false;
  }
  rs.add(p2);
  if (q2) gs.add(q2);
  pool.planned[pool.planned.indexOf(p)] = p2;
  if (q && q2) pool.planned[pool.planned.indexOf(q)] = q2;
  const shift = (x: Placed, from: string, to: string) => {
    const a = pool.load.get(from)!;
    const b = pool.load.get(to)!;
    for (const c of touched(x)) {
      a[c]--;
      b[c]++;
    }
    const m = windowMinutes(x.t.start, x.t.end);
    a.minutes -= m;
    b.minutes += m;
  };
  shift(p, giverId, receiverId);
  if (q) shift(q, receiverId, giverId);
  return true;
}

function spreadOf(values: number[]): Spread {
  if (!values.length) return { min: 0, max: 0, spread: 0 };
  const min = Math.min(...values);
  const max = Math.max(...values);
  return { min, max, spread: max - min };
}

function fairness(
  agents: readonly PlannerAgent[],
  days: readonly Day[],
  schedules: Map<string, AgentSchedule>,
  load: Load,
): Fairness {
  const perAgent = agents.map((a) => {
    const l = load.get(a.id)!;
    const s = schedules.get(a.id)!;
    return {
      agentId: a.id,
      shifts: l.shifts,
      nights: l.nights,
      weekends: l.weekends,
      holidays: l.holidays,
      hours: Math.round((l.minutes / 60) * 100) / 100,
      availableDays: days.filter((d) => !s.onLeave(dayOrdinal(d))).length,
    };
  });
  const of = (k: Category | 'hours') => spreadOf(perAgent.map((p) => p[k]));
  return {
    nights: of('nights'),
    weekends: of('weekends'),
    holidays: of('holidays'),
    shifts: of('shifts'),
    hours: of('hours'),
    perAgent,
  };
}
