import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describeError, errorSummary, isConnectionError, throttledLog } from './safeError';

const pgError = (message: string, code: string, detail?: string) =>
  Object.assign(new Error(message), { name: 'error', code, detail, severity: 'ERROR' });

describe('errors as they may be logged', () => {
  test('a failed Drizzle query: the driver message and SQLSTATE, never the parameters', () => {
    const cause = pgError(
      'duplicate key value violates unique constraint "tickets_caller_uq"',
      '23505',
      'Key (phone)=(13912345678)',
    );
    const e = new DrizzleQueryError('insert into tickets (phone) values ($1)', ['13912345678'], cause);
    const line = describeError(e);
    expect(line).toContain('duplicate key value violates unique constraint "tickets_caller_uq" [23505]');
    expect(line).not.toContain('13912345678');
    expect(line).not.toContain('params');
    expect(line).toMatch(/\n {4}at /); // the stack frames stay
  });

  test('a data exception quotes the value: it is redacted', () => {
    expect(errorSummary(pgError('invalid input syntax for type bigint: "13912345678"', '22P02'))).toBe(
      'error: invalid input syntax for type bigint: "…" [22P02]',
    );
  });

  test('non-errors and multi-line messages', () => {
    expect(errorSummary('boom')).toBe('non-error thrown: string');
    expect(errorSummary(new Error('first\nsecond'))).toBe('Error: first');
  });

  test('what counts as a lost database connection', () => {
    expect(isConnectionError(pgError('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isConnectionError(pgError('the database system is starting up', '57P03'))).toBe(true);
    expect(isConnectionError(new Error('connect ECONNREFUSED 127.0.0.1:5432'))).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    const wrapped = new DrizzleQueryError('select 1', [], new Error('Connection terminated unexpectedly'));
    expect(isConnectionError(wrapped)).toBe(true);
    expect(isConnectionError(pgError('duplicate key value', '23505'))).toBe(false);
    expect(isConnectionError(new Error('Ticket not found'))).toBe(false);
  });

  test('the same failure is logged once per window, with the count of the ones held back', () => {
    const lines: string[] = [];
    const log = throttledLog((m) => lines.push(m), 60_000);
    for (let i = 0; i < 5; i++) log('db', 'database down');
    log('other', 'something else');
    expect(lines).toEqual(['database down', 'something else']);
  });
});
