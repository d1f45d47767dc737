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

  async function login(username: string, password: string): Promise<void> {
    user.value = await authApi.login(username, password);
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

  return { user, isAuthenticated, ensureLoaded, login, logout, clear, hasRole };
});
