import { fatalReason, installProcessGuard, processStatus } from './processGuard';

describe('process guard', () => {
  test('which uncaught exceptions end the process', () => {
    const e = new Error('Connection terminated unexpectedly');
    expect(fatalReason(e, false, 1)).toBe('during start-up');
    expect(fatalReason(e, true, 1)).toBeNull(); // one lost connection, one failed call: keep serving
    expect(fatalReason(Object.assign(new Error('too many open files'), { code: 'EMFILE' }), true, 1)).toMatch(/EMFILE/);
    expect(fatalReason(e, true, 100)).toMatch(/100 uncaught exceptions/);
  });

  test('an unhandled rejection is counted and logged without the query parameters; the process goes on', () => {
    const before = new Set(process.listeners('unhandledRejection'));
    const lines: string[] = [];
    const fatal = jest.fn();
    const guard = installProcessGuard({ log: (m) => lines.push(m), fatal });
    try {
      const ours = process.listeners('unhandledRejection').find((l) => !before.has(l))!;
      // drachtio-srf's Dialog.destroy() after the caller hung up
      const enodialog = Object.assign(new Error('ENODIALOG: dialog not found'), { code: 'ENODIALOG' });
      ours(enodialog, Promise.resolve());
      const failedQuery = Object.assign(new Error('Failed query: select 1\nparams: 13912345678'), {
        query: 'select 1',
        params: ['13912345678'],
        cause: Object.assign(new Error('Connection terminated unexpectedly'), { name: 'Error' }),
      });
      ours(failedQuery, Promise.resolve());
      const s = processStatus();
      expect(s.guarded).toBe(true);
      expect(s.unhandledRejections).toBe(2);
      expect(s.last).toMatchObject({
        kind: 'unhandledRejection',
        error: expect.stringContaining('Connection terminated'),
      });
      expect(lines.join('\n')).toContain('ENODIALOG');
      expect(lines.join('\n')).not.toContain('13912345678');
      expect(fatal).not.toHaveBeenCalled();
    } finally {
      guard.uninstall();
    }
    expect(processStatus().guarded).toBe(false);
  });
});
