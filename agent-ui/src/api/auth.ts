import { api, request } from './client';
import type { User } from './types';

export const authApi = {
  login: (username: string, password: string) =>
    api.post<{ user: User }>('/auth/login', { username, password }, { skipAuthRedirect: true }).then((r) => r.user),
  logout: () => api.post<unknown>('/auth/logout', {}, { skipAuthRedirect: true }),
  me: () => request<{ user: User }>('/auth/me', { skipAuthRedirect: true }).then((r) => r.user),
};
