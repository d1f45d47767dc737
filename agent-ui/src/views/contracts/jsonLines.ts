// Pretty-prints JSON exactly like JSON.stringify(value, null, 2) and remembers the line each dotted path
// starts on, so a server error on `document.rules.0.amount.unitFen` can point at its line in the editor.

export interface PrettyJson {
  text: string;
  /** 'rules.0.amount.unitFen' → 1-based line */
  lines: Map<string, number>;
}

export function prettyWithLines(value: unknown): PrettyJson {
  const out: string[] = [];
  const lines = new Map<string, number>();
  const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

  function emit(v: unknown, path: string, indent: string, prefix: string, suffix: string): void {
    lines.set(path, out.length + 1);
    if (Array.isArray(v)) {
      if (!v.length) return void out.push(`${indent}${prefix}[]${suffix}`);
      out.push(`${indent}${prefix}[`);
      v.forEach((x, i) => emit(x ?? null, join(path, i), `${indent}  `, '', i < v.length - 1 ? ',' : ''));
      out.push(`${indent}]${suffix}`);
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v).filter(([, x]) => x !== undefined);
      if (!entries.length) return void out.push(`${indent}${prefix}{}${suffix}`);
      out.push(`${indent}${prefix}{`);
      entries.forEach(([k, x], i) =>
        emit(x, join(path, k), `${indent}  `, `${JSON.stringify(k)}: `, i < entries.length - 1 ? ',' : ''),
      );
      out.push(`${indent}}${suffix}`);
    } else out.push(`${indent}${prefix}${JSON.stringify(v)}${suffix}`);
  }
  emit(value, '', '', '', '');
  return { text: out.join('\n'), lines };
}

/**
 * The line of a server field path ('document.' prefix dropped); a missing key points at its nearest parent.
 */
export function lineOf(lines: Map<string, number>, field: string): number | undefined {
  let path = field.replace(/^document\.?/, '');
  for (;;) {
    const n = lines.get(path);
    if (n !== undefined) return n;
    if (!path) return undefined;
    const cut = path.lastIndexOf('.');
    path = cut < 0 ? '' : path.slice(0, cut);
  }
}

// PostgreSQL's jsonb stores keys shortest first; the editor shows them in the order a reader expects.
const ORDER = [
  'code',
  'version',
  'name',
  'document',
  'id',
  'label',
  'client',
  'contractor',
  'role',
  'period',
  'from',
  'to',
  'totalFen',
  'kind',
  'metric',
  'unit',
  'per',
  'min',
  'amount',
  'fen',
  'unitFen',
  'percent',
  'perMille',
  'minFen',
  'maxFen',
  'threshold',
  'required',
  'cap',
  'capFen',
  'prices',
  'dayTypes',
  'start',
  'end',
  'seats',
  'fee',
  'paymentSchedule',
  'staffing',
  'staffRequirements',
  'attendance',
  'rules',
  'notes',
  'source',
  'assumed',
  'note',
];
const rank = (k: string) => {
  const i = ORDER.indexOf(k);
  return i < 0 ? ORDER.indexOf('source') - 0.5 : i;
};

/** The same value with object keys in reading order (known keys first, provenance last). */
export function readingOrder(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(readingOrder);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v)
      .sort(([a], [b]) => rank(a) - rank(b))
      .map(([k, x]) => [k, readingOrder(x)]),
  );
}

/** A blank document to start a new contract from: every top-level key, the server says what is missing. */
export const CONTRACT_SKELETON = {
  code: '',
  version: 1,
  name: '',
  client: { name: '', role: '甲方' },
  contractor: { name: '', role: '乙方' },
  period: { from: '', to: '' },
  totalFen: 0,
  fee: { kind: 'prorated_total', source: '' },
  paymentSchedule: [],
  staffing: [],
  staffRequirements: {
    headCount: null,
    roles: [],
    education: [],
    trainings: [],
    exams: [],
    reports: [],
    obligations: [],
    turnover: null,
    replacement: null,
  },
  attendance: null,
  rules: [],
  notes: [],
};
