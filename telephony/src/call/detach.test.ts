import type Srf from 'drachtio-srf';
import { detach, endLeg } from './detach';

const settle = () => new Promise((r) => setImmediate(r));

describe('steps nobody waits for', () => {
  test('a BYE on a leg the caller already hung up (ENODIALOG) is logged, not left unhandled', async () => {
    const logs: string[] = [];
    // drachtio-srf's Dialog.destroy() without a callback: a promise that rejects when the dialog is gone
    const gone = { destroy: () => Promise.reject(new Error('ENODIALOG')) } as unknown as Srf.Dialog;
    endLeg(gone, (level, m) => logs.push(`${level} ${m}`), 'call x');
    endLeg(null, (level, m) => logs.push(`${level} ${m}`), 'call y');
    await settle();
    expect(logs).toEqual(['info call x: leg already gone (ENODIALOG)']);
  });

  test('a failed background step is logged with its first line only (query parameters follow on the next)', async () => {
    const logs: string[] = [];
    detach(
      Promise.reject(new Error('Failed query: update calls set events = $1\nparams: 13912345678')),
      (l, m) => logs.push(`${l} ${m}`),
      'call x: hang-up',
    );
    await settle();
    expect(logs).toEqual(['warn call x: hang-up failed: Failed query: update calls set events = $1']);
  });
});
