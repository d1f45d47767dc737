import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import { authApi } from '../api/auth';
import type { Role, User } from '../api/types';

export const useAuthStore = defineStore('auth', () => {
  const user = ref<User | null>(null);
  const isAuthenticated = computed(() => user.value !== null);
  let loaded: Promise<void> | null = null;

  /** GET /api/auth/me once per page load; the router guard awaits this before every navigation. */
  function ensureLoaded(): Promise<void> {
    loaded ??= authApi.me().then(
      (me) => {
        user.value = me;
      },
      () => {
        user.value = null;
      },
    );
    return loaded;
  }

  /** The password step; 'totp' when the account signs in with a second step (then loginTotp). */
  async function login(username: string, password: string): Promise<'done' | 'totp'> {
    const r = await authApi.login(username, password);
    if (r.mfaRequired) return 'totp';
    user.value = r.user;
    loaded = Promise.resolve();
    return 'done';
  }

  async function loginTotp(code: string): Promise<void> {
    user.value = await authApi.loginTotp(code);
    loaded = Promise.resolve();
  }

  /** The account as the server now sees it (after a password change, TOTP set-up, a restricted 403). */
  function setUser(next: User): void {
    user.value = next;
    loaded = Promise.resolve();
  }

  async function refresh(): Promise<void> {
    try {
      user.value = await authApi.me();
    } catch {
      user.value = null;
    }
    loaded = Promise.resolve();
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout();
    } finally {
      clear();
    }
  }

  /** Session is gone (logout or a 401 from any call). */
  function clear(): void {
    user.value = null;
    loaded = Promise.resolve();
  }

  function hasRole(...roles: Role[]): boolean {
    return !!user.value && roles.some((r) => user.value!.roles.includes(r));
  }

  return { user, isAuthenticated, ensureLoaded, login, loginTotp, setUser, refresh, logout, clear, hasRole };
});
