// Steps nobody waits for must still have their failures handled (DESIGN.md "Shape of the code" 12): an
// unhandled rejection is one call's problem made everyone's. drachtio-srf's dialog methods return a promise
// when called without a callback, and destroy() rejects (ENODIALOG) when the other side hung up first, a
// race every call can lose.
import type Srf from 'drachtio-srf';
import type { TelephonyPorts } from '../ports';

type Log = TelephonyPorts['log'];

/** An error's first line: a failed database query's parameters (personal data) follow on the next lines. */
export const firstLine = (e: unknown) => String((e as Error)?.message ?? e).split('\n')[0];

/** Runs a step in the background: a failure is logged with what it was, never left unhandled. */
export function detach(p: Promise<unknown>, log: Log, what: string): void {
  p.catch((e: unknown) => log('warn', `${what} failed: ${firstLine(e)}`));
}

/** Sends BYE on a leg; one already gone (the far end hung up meanwhile) is not an error. */
export function endLeg(leg: Srf.Dialog | null | undefined, log: Log, what: string): void {
  if (!leg) return;
  try {
    (leg.destroy() as unknown as Promise<unknown>).catch((e: unknown) =>
      log('info', `${what}: leg already gone (${firstLine(e)})`),
    );
  } catch (e) {
    log('info', `${what}: leg already gone (${firstLine(e)})`);
  }
}
