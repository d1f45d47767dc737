// Which intake channel a hotline line is: the queue names of HOTLINE_LINES' default (12345 citizen line,
// the elder-care line, 一键呼 emergency devices). An unknown line is a 12345 call.
import type { Channel } from '../api/types';

const BY_QUEUE: Record<string, Channel> = {
  citizen: 'phone_12345',
  elder: 'elder_hotline',
  onekey: 'one_key_device',
};

export function channelForLine(line: { queue?: string | null; emergency?: boolean } | null): Channel {
  if (line?.queue && BY_QUEUE[line.queue]) return BY_QUEUE[line.queue];
  return line?.emergency ? 'one_key_device' : 'phone_12345';
}

/** 139****0001: the masked form shown on the desk before the ticket is opened. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone;
}
