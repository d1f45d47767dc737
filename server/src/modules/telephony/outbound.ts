// Click-to-call from the desk: a revisit or a call-back to the caller of a ticket, or a number typed by the
// agent. The number of a ticket's caller is decrypted on the server only (the browser never gets it) and
// that use of personal data is audited like a reveal.
import { z } from 'zod';
import { OutboundError } from '@hotline-desk/telephony';
import { AppError, forbidden } from '../../lib/errors';
import { parse } from '../../lib/validate';
import type { SessionUser } from '../auth/service';
import { PRESENCE_ROLES } from '../presence/domain';
import type { Services } from '../../services';

const body = z
  .object({
    ticketId: z.number().int().positive().optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9]{3,20}$/, 'Not a phone number')
      .optional(),
  })
  .refine((b) => !!b.ticketId !== !!b.phone, { message: 'Give either ticketId or phone', path: ['ticketId'] });

export async function placeOutboundCall(s: Services, user: SessionUser, input: unknown, ip: string | null) {
  if (!user.roles.some((r) => (PRESENCE_ROLES as readonly string[]).includes(r))) throw forbidden('No softphone');
  const b = parse(body, input);
  if (!s.telephony?.status().connected)
    throw new AppError('TELEPHONY_UNAVAILABLE', 'The phone system is not reachable right now');
  let number = b.phone ?? null;
  if (b.ticketId) {
    // scope-checked and audited (pii.reveal) by the ticket service; the number stays on the server
    const revealed = await s.tickets.revealForUse(user, b.ticketId, ip, 'outbound_call');
    number = revealed.callerPhone?.replace(/[^0-9+]/g, '') ?? null;
    if (!number) throw new AppError('VALIDATION', 'This ticket has no caller phone', { ticketId: 'No caller phone' });
  }
  try {
    const callId = await s.telephony.placeCall({ userId: user.id, number: number!, ticketId: b.ticketId ?? null });
    return { callId };
  } catch (e) {
    if (e instanceof OutboundError)
      throw new AppError(e.code === 'NO_TRUNK' ? 'TELEPHONY_UNAVAILABLE' : 'SOFTPHONE_NOT_READY', e.message);
    throw e;
  }
}
