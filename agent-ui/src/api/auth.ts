import { api, request } from './client';
import type { User } from './types';

/** The password step: a user, or only that a second factor is due (the TOTP code goes to loginTotp). */
export type LoginResult = { user: User; mfaRequired?: undefined } | { mfaRequired: true; user?: undefined };

export const authApi = {
  login: (username: string, password: string) =>
    api.post<LoginResult>('/auth/login', { username, password }, { skipAuthRedirect: true }),
  loginTotp: (code: string) =>
    api.post<{ user: User }>('/auth/login/totp', { code }, { skipAuthRedirect: true }).then((r) => r.user),
  logout: () => api.post<unknown>('/auth/logout', {}, { skipAuthRedirect: true }),
  me: () => request<{ user: User }>('/auth/me', { skipAuthRedirect: true }).then((r) => r.user),
};
