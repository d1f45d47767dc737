// The contract form's model and its conversion to and from the JSON document. Money is edited in yuan (2
// decimals) and stored as integer fen; percents and per-mille stay numbers. Whatever the form does not show
// (payment schedule, staff requirements, attendance, notes, a row's `assumed`/`note`…) is kept from the
// document it was made from.

type Json = Record<string, unknown>;

export const DAY_TYPES = ['workday', 'restday', 'holiday'] as const;
// the metric and period lists come from the contract domain itself (a pure module: plain constants, no I/O)
export { RULE_METRICS, RULE_PERIODS } from '../../../../server/src/modules/contracts/domain/contract';
export const FEE_KINDS = ['prorated_total', 'per_device_year', 'per_unit'] as const;
export const AMOUNT_KINDS = ['unit', 'percent_of_total', 'percent_of_fee', 'per_mille_per_day_of_total', 'manual'];
export const CAP_KINDS = ['none', 'fen', 'percent_of_total', 'percent_of_fee'];
export const ASSESSMENT_KINDS = ['institution', 'individual'] as const;

export type Num = number | null | undefined;

export interface StaffingRow {
  id: string;
  label: string;
  dayTypes: string[];
  start: string;
  end: string;
  seats: Num;
  source: string;
  /** Keys the form does not show. */
  extra: Json;
}

export interface RuleRow {
  id: string;
  label: string;
  metric: string;
  period: string;
  amountKind: string;
  /** 元 for 'unit', % for the percents, ‰ for per-mille */
  amount: Num;
  minYuan: Num;
  maxYuan: Num;
  threshold: Num;
  required: Num;
  capKind: string;
  /** 元 for 'fen', % otherwise */
  cap: Num;
  source: string;
  extra: Json;
}

export interface PriceRow {
  unit: string;
  label: string;
  yuan: Num;
}

export interface ContractFormModel {
  code: string;
  name: string;
  client: string;
  contractor: string;
  from: string;
  to: string;
  totalYuan: Num;
  feeKind: string;
  feeSource: string;
  unitYuan: Num;
  capYuan: Num;
  prices: PriceRow[];
  staffing: StaffingRow[];
  rules: RuleRow[];
}

const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v));
const num = (v: unknown): Num => (typeof v === 'number' ? v : null);
const yuan = (fen: unknown): Num => (typeof fen === 'number' ? fen / 100 : null);
/** 元 → integer fen, exactly; an empty field stays null for the server to report. */
export const toFen = (y: Num): Num => (y == null ? null : Math.round(y * 100));
const without = (o: Json, keys: string[]): Json =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

const STAFFING_KEYS = ['id', 'label', 'dayTypes', 'start', 'end', 'seats', 'source'];
const RULE_KEYS = ['id', 'label', 'metric', 'period', 'amount', 'threshold', 'required', 'cap', 'source'];

export function newStaffingRow(): StaffingRow {
  return { id: '', label: '', dayTypes: ['workday'], start: '09:00', end: '18:00', seats: 1, source: '', extra: {} };
}

export function newRuleRow(): RuleRow {
  return {
    ...{ id: '', label: '', metric: 'seat_gap_person_days', period: 'month', amountKind: 'unit', amount: null },
    ...{ minYuan: null, maxYuan: null, threshold: null, required: null, capKind: 'none', cap: null },
    ...{ source: '', extra: {} },
  };
}

function ruleRow(r: Json): RuleRow {
  const a = obj(r.amount);
  const c = obj(r.cap);
  const kind = str(a.kind) || 'unit';
  const capKind = str(c.kind) || 'none';
  return {
    id: str(r.id),
    label: str(r.label),
    metric: str(r.metric),
    period: str(r.period),
    amountKind: kind,
    amount:
      kind === 'unit' ? yuan(a.unitFen) : kind === 'per_mille_per_day_of_total' ? num(a.perMille) : num(a.percent),
    minYuan: yuan(a.minFen),
    maxYuan: yuan(a.maxFen),
    threshold: num(r.threshold),
    required: num(r.required),
    capKind,
    cap: capKind === 'fen' ? yuan(c.fen) : num(c.percent),
    source: str(r.source),
    extra: without(r, RULE_KEYS),
  };
}

/** The form model of a document (any parsed JSON: missing parts become empty fields). */
export function toForm(document: unknown): ContractFormModel {
  const d = obj(document);
  const fee = obj(d.fee);
  const period = obj(d.period);
  return {
    code: str(d.code),
    name: str(d.name),
    client: str(obj(d.client).name),
    contractor: str(obj(d.contractor).name),
    from: str(period.from),
    to: str(period.to),
    totalYuan: yuan(d.totalFen),
    feeKind: str(fee.kind) || 'prorated_total',
    feeSource: str(fee.source),
    unitYuan: yuan(fee.unitFen),
    capYuan: yuan(fee.capFen),
    prices: arr(fee.prices).map((p) => ({ unit: str(p.unit), label: str(p.label), yuan: yuan(p.unitFen) })),
    staffing: arr(d.staffing).map((s) => ({
      id: str(s.id),
      label: str(s.label),
      dayTypes: Array.isArray(s.dayTypes) ? s.dayTypes.map(str) : [],
      start: str(s.start),
      end: str(s.end),
      seats: num(s.seats),
      source: str(s.source),
      extra: without(s, STAFFING_KEYS),
    })),
    rules: arr(d.rules).map(ruleRow),
  };
}

function ruleAmount(r: RuleRow): Json {
  switch (r.amountKind) {
    case 'unit':
      return { kind: 'unit', unitFen: toFen(r.amount) };
    case 'per_mille_per_day_of_total':
      return { kind: r.amountKind, perMille: r.amount ?? null };
    case 'manual':
      return { kind: 'manual', minFen: toFen(r.minYuan), maxFen: toFen(r.maxYuan) };
    default:
      return { kind: r.amountKind, percent: r.amount ?? null };
  }
}

function ruleDoc(r: RuleRow): Json {
  const out: Json = { id: r.id, label: r.label, metric: r.metric, period: r.period, amount: ruleAmount(r) };
  if (r.threshold != null) out.threshold = r.threshold;
  if (r.required != null) out.required = r.required;
  if (r.capKind === 'fen') out.cap = { kind: 'fen', fen: toFen(r.cap) };
  else if (r.capKind !== 'none') out.cap = { kind: r.capKind, percent: r.cap ?? null };
  return { ...out, source: r.source, ...r.extra };
}

function feeDoc(f: ContractFormModel, base: Json): Json {
  const keep = without(base, ['kind', 'source', 'unitFen', 'capFen', 'prices']);
  const head = { kind: f.feeKind };
  if (f.feeKind === 'per_device_year')
    return { ...head, unitFen: toFen(f.unitYuan), capFen: toFen(f.capYuan), source: f.feeSource, ...keep };
  if (f.feeKind === 'per_unit') {
    const prices = f.prices.map((p) => ({ unit: p.unit, label: p.label, unitFen: toFen(p.yuan) }));
    return { ...head, prices, capFen: toFen(f.capYuan), source: f.feeSource, ...keep };
  }
  return { ...head, source: f.feeSource, ...keep };
}

/** The document with the form's fields written into `base`; everything else in `base` is kept as it is. */
export function toDocument(f: ContractFormModel, base: unknown): Json {
  const b = obj(base);
  return {
    ...b,
    code: f.code,
    name: f.name,
    client: { ...obj(b.client), name: f.client },
    contractor: { ...obj(b.contractor), name: f.contractor },
    period: { ...obj(b.period), from: f.from ?? '', to: f.to ?? '' },
    totalFen: toFen(f.totalYuan),
    fee: feeDoc(f, obj(b.fee)),
    staffing: f.staffing.map((s) => ({
      ...{ id: s.id, label: s.label, dayTypes: s.dayTypes, start: s.start, end: s.end, seats: s.seats },
      ...{ source: s.source, ...s.extra },
    })),
    rules: f.rules.map(ruleDoc),
  };
}

/** The server's messages for a form field: every error at `prefix` or under it ('document.' dropped). */
export function errorAt(fields: Record<string, string>, ...prefixes: string[]): string {
  return Object.entries(fields)
    .filter(([k]) => {
      const p = k.replace(/^document\.?/, '');
      return prefixes.some((x) => p === x || p.startsWith(`${x}.`));
    })
    .map(([, m]) => m)
    .join('；');
}
