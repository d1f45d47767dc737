// Telephony API (/api/telephony) and the health check the softphone reads. Wire types live here.
import { api } from './client';
// the screen pop is the server's own socket payload (type-only import)
import type { CallPopPayload } from '../../../server/src/realtime/events';

export type CallPop = CallPopPayload;

export interface SoftphoneCredentials {
  sipUser: string;
  password: string;
  domain: string;
  wsUri: string;
  registered: boolean;
}

export const telephonyApi = {
  softphone: () => api.get<{ softphone: SoftphoneCredentials }>('/telephony/softphone').then((r) => r.softphone),
  /** whether the server's SIP application is connected to drachtio ('disabled' when not configured) */
  connected: () =>
    api
      .get<{ telephony: { connected?: boolean } | string }>('/health')
      .then((r) => typeof r.telephony === 'object' && r.telephony.connected === true),
};
