// The signed-in user's own account (我的账户): password, two-step sign-in (TOTP), sessions.
import { api } from './client';
import type { User } from './types';

export interface TotpEnrolment {
  secret: string;
  /** otpauth:// URI */
  uri: string;
  /** data:image/png;base64 … */
  qr: string;
}

export interface OwnSession {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string | null;
  ip: string | null;
  userAgent: string | null;
}

// A wrong current password answers 401 with a field error: that is the form's business, not a lost session.
const own = { skipAuthRedirect: true };

export const accountApi = {
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<{ user: User }>('/auth/password', { currentPassword, newPassword }, own).then((r) => r.user),
  totpSetup: () => api.post<TotpEnrolment>('/auth/totp/setup'),
  totpEnable: (code: string) => api.post<{ user: User }>('/auth/totp/enable', { code }).then((r) => r.user),
  totpDisable: (password: string, code: string) =>
    api.post<{ user: User }>('/auth/totp/disable', { password, code }, own).then((r) => r.user),
  sessions: () => api.get<{ sessions: OwnSession[] }>('/auth/sessions').then((r) => r.sessions),
  endSession: (id: string) => api.post<{ ok: boolean }>(`/auth/sessions/${encodeURIComponent(id)}/end`),
  endOthers: () => api.post<{ ended: number }>('/auth/sessions/end-all', { keepCurrent: true }),
};
