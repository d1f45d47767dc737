// Contract-document validation: every rejection names the field at fault by its dotted path.
import type { Contract } from './contract';
import { validateContract, validateContractVersions, validateShiftTemplateRefs } from './schema';
import { chaoyangCaseHandling, haidianSeats } from './seeds';

/** A deep copy of a seed as plain JSON, edited by `edit` — what an administrator's form would send. */
function doc(edit: (c: any) => void = () => {}, base: Contract = haidianSeats): any {
  const c = JSON.parse(JSON.stringify(base));
  edit(c);
  return c;
}

function fieldsOf(json: unknown): Record<string, string> {
  const r = validateContract(json);
  if (r.ok) throw new Error('expected the document to be rejected');
  return r.fields;
}

describe('validateContract', () => {
  it('accepts a seed contract sent as JSON and returns it unchanged', () => {
    const r = validateContract(doc());
    expect(r).toEqual({ ok: true, value: haidianSeats });
  });

  it('rejects a negative amount at its path', () => {
    const f = fieldsOf(doc((c) => (c.rules[0].amount.unitFen = -30_000)));
    expect(f).toEqual({ 'rules.0.amount.unitFen': 'must not be negative' });
  });

  it('rejects fractional fen and a negative contract total', () => {
    const f = fieldsOf(
      doc((c) => {
        c.totalFen = -1;
        c.rules[1].amount.unitFen = 1000.5;
      }),
    );
    expect(Object.keys(f).sort()).toEqual(['rules.1.amount.unitFen', 'totalFen']);
  });

  it('rejects an unknown metric', () => {
    const f = fieldsOf(doc((c) => (c.rules[2].metric = 'coffee_breaks')));
    expect(Object.keys(f)).toEqual(['rules.2.metric']);
  });

  it('rejects an unknown rule amount kind', () => {
    const f = fieldsOf(doc((c) => (c.rules[0].amount = { kind: 'bonus', unitFen: 1 })));
    expect(Object.keys(f)).toEqual(['rules.0.amount.kind']);
  });

  it('rejects an unknown rule period and a misspelt key', () => {
    const f = fieldsOf(
      doc((c) => {
        c.rules[0].period = 'week';
        c.rules[1].treshold = 4;
      }),
    );
    expect(f['rules.0.period']).toBeDefined();
    expect(f['rules.1.treshold']).toBe('unknown field');
  });

  it('rejects a period that ends before it starts', () => {
    const f = fieldsOf(doc((c) => (c.period = { from: '2023-03-31', to: '2022-04-01' })));
    expect(f).toEqual({ 'period.to': 'ends before it starts' });
  });

  it('rejects a date that does not exist', () => {
    expect(fieldsOf(doc((c) => (c.period.to = '2023-02-29')))).toEqual({
      'period.to': 'must be an existing date as YYYY-MM-DD',
    });
  });

  it('rejects two staffing requirements with the same id', () => {
    const f = fieldsOf(doc((c) => (c.staffing[2].id = 'night')));
    expect(f['staffing.2.id']).toMatch(/already used by item 1/);
  });

  it('rejects a bad clock time and an empty day-type list', () => {
    const f = fieldsOf(
      doc((c) => {
        c.staffing[0].start = '9:00';
        c.staffing[1].dayTypes = [];
      }),
    );
    expect(Object.keys(f).sort()).toEqual(['staffing.0.start', 'staffing.1.dayTypes']);
  });

  it('rejects payment instalments whose covered periods overlap or leave the contract', () => {
    const f = fieldsOf(
      doc((c) => {
        c.paymentSchedule[1].covers.from = '2022-06-15';
        c.paymentSchedule[3].covers.to = '2023-04-30';
      }),
    );
    expect(f['paymentSchedule.1.covers']).toMatch(/overlaps instalment 'q1'/);
    expect(f['paymentSchedule.3.covers']).toBe('lies outside the contract period');
  });

  it('rejects instalments adding up to more than the total', () => {
    const f = fieldsOf(doc((c) => (c.paymentSchedule[1].amount = { kind: 'percent_of_total', percent: 90 })));
    expect(f).toEqual({ paymentSchedule: 'instalments add up to more than the contract total' });
  });

  it('rejects a cap below zero', () => {
    const f = fieldsOf(doc((c) => (c.rules[0].cap = { kind: 'fen', fen: -1 })));
    expect(f).toEqual({ 'rules.0.cap.fen': 'must not be negative' });
  });

  it('rejects percentages outside 0–100', () => {
    const f = fieldsOf(
      doc((c) => {
        c.rules[3].amount.percent = 150;
        c.rules[4].amount.percent = -5;
        c.staffRequirements.education[0].minPercent = 120;
      }),
    );
    expect(f).toEqual({
      'rules.3.amount.percent': 'must be between 0 and 100',
      'rules.4.amount.percent': 'must be between 0 and 100',
      'staffRequirements.education.0.minPercent': 'must be between 0 and 100',
    });
  });

  it('rejects a staffed ratio outside 0–1', () => {
    expect(fieldsOf(doc((c) => (c.attendance.staffedMinRatio = 1.5)))).toEqual({
      'attendance.staffedMinRatio': 'must be between 0 and 1',
    });
  });

  it('rejects a reference to a staffing requirement that does not exist', () => {
    const f = fieldsOf(doc((c) => (c.rules[0].requirementIds = ['workday_day', 'weekend'])));
    expect(f).toEqual({ 'rules.0.requirementIds.1': "no staffing requirement 'weekend'" });
  });

  it('rejects requirement filters on non-seat metrics', () => {
    const f = fieldsOf(doc((c) => (c.rules[1].requirementIds = ['night'])));
    expect(Object.keys(f)).toEqual(['rules.1.requirementIds']);
  });

  it('rejects two rules on one metric (a row would be charged twice)', () => {
    const f = fieldsOf(doc((c) => c.rules.push({ ...c.rules[1], id: 'unattended_again' })));
    expect(f['rules.5.metric']).toMatch(/already used by item 1/);
  });

  it('rejects duplicate rule ids', () => {
    const f = fieldsOf(doc((c) => (c.rules[4].id = 'seat_gap')));
    expect(f['rules.4.id']).toMatch(/already used/);
  });

  it('rejects a threshold together with a required count', () => {
    const f = fieldsOf(doc((c) => Object.assign(c.rules[0], { threshold: 1, required: 2 })));
    expect(Object.keys(f)).toEqual(['rules.0.required']);
  });

  it('keeps manual amounts to the manual-assessment metric, with min ≤ max', () => {
    expect(Object.keys(fieldsOf(doc((c) => (c.rules[0].amount = { kind: 'manual', minFen: 0, maxFen: 1 }))))).toEqual([
      'rules.0.amount.kind',
    ]);
    expect(fieldsOf(doc((c) => (c.rules[2].amount.minFen = 2_000_000)))).toEqual({
      'rules.2.amount.maxFen': 'is below minFen',
    });
  });

  it('needs attendance settings for an unattended-seat rule', () => {
    expect(fieldsOf(doc((c) => (c.attendance = null)))).toEqual({
      attendance: 'unattended-seat rules need the attendance settings',
    });
  });

  it('reports every problem at once', () => {
    const f = fieldsOf(
      doc((c) => {
        c.rules[0].amount.unitFen = -1;
        c.staffing[1].seats = -4;
        c.name = '';
      }),
    );
    expect(Object.keys(f).sort()).toEqual(['name', 'rules.0.amount.unitFen', 'staffing.1.seats']);
  });

  it('rejects what is not a contract at all', () => {
    expect(validateContract(null)).toEqual({ ok: false, fields: { _: expect.any(String) } });
  });
});

describe('validateContractVersions', () => {
  const v1 = doc((c) => {
    c.period = { from: '2022-04-01', to: '2022-09-30' };
    c.paymentSchedule = c.paymentSchedule.slice(0, 2);
  });
  const v2 = doc((c) => {
    c.version = 2;
    c.period = { from: '2022-10-01', to: '2023-03-31' };
    c.paymentSchedule = [];
  });

  it('accepts consecutive versions', () => {
    const r = validateContractVersions([v1, v2]);
    expect(r.ok).toBe(true);
  });

  it('rejects versions whose periods overlap', () => {
    const overlapping = { ...v2, period: { from: '2022-09-30', to: '2023-03-31' } };
    expect(validateContractVersions([v1, overlapping])).toEqual({
      ok: false,
      fields: { '1.period': 'overlaps version 1 (2022-04-01 – 2022-09-30)' },
    });
  });

  it('rejects a repeated version number and a different code', () => {
    const r = validateContractVersions([
      v1,
      { ...v2, version: 1 },
      { ...v2, version: 3, code: 'OTHER', period: { from: '2023-04-01', to: '2023-04-30' } },
    ]);
    expect(r).toEqual({
      ok: false,
      fields: { '1.version': 'version 1 already used by item 0', '2.code': "differs from 'HD-12345-2022' of item 0" },
    });
  });

  it('prefixes a version’s own field errors with its index', () => {
    const bad = doc((c) => (c.rules[0].metric = 'nope'));
    const r = validateContractVersions([v1, bad]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.fields)).toEqual(['1.rules.0.metric']);
  });

  it('rejects an empty list', () => {
    expect(validateContractVersions([])).toEqual({ ok: false, fields: { _: 'expected a list of versions' } });
  });
});

describe('validateShiftTemplateRefs', () => {
  it('names templates that cover a requirement the contract does not have', () => {
    const templates = [
      { id: 'D', covers: 'workday_day' },
      { id: 'N', covers: 'night' },
      { id: 'W', covers: 'weekend_day' },
    ];
    expect(validateShiftTemplateRefs(haidianSeats, templates)).toEqual({
      '2.covers': "no staffing requirement 'weekend_day'",
    });
    expect(validateShiftTemplateRefs(chaoyangCaseHandling, templates.slice(0, 2))).toEqual({});
  });
});
