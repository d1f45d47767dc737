// Click-to-call: the server rings this agent's softphone, then the number (a ticket's caller stays on the
// server: the browser never learns the full number).
import { api } from './client';

export const outboundApi = {
  callTicket: (ticketId: number) => api.post<{ callId: number }>('/telephony/calls', { ticketId }),
};
