import { createRouter, createWebHistory, type RouteLocationRaw } from 'vue-router';
import type { Role, User } from './api/types';
import { useAuthStore } from './stores/auth';
import { i18n } from './i18n';
import { features } from './features';

declare module 'vue-router' {
  interface RouteMeta {
    /** reachable without a session */
    public?: boolean;
    /** i18n key for document.title */
    title?: string;
    /** only these roles may open the route (others go home); absent: every signed-in user */
    roles?: Role[];
    /** the page that lifts this session restriction: a restricted session is kept there, others kept out */
    restriction?: NonNullable<User['restriction']>;
  }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: { name: 'home' } },
    {
      path: '/login',
      name: 'login',
      component: () => import('./views/login/index.vue'),
      meta: { public: true, title: 'login.title' },
    },
    ...features.flatMap((f) => f.routes),
    { path: '/:pathMatch(.*)*', redirect: { name: 'home' } },
  ],
});

/** Only same-app paths are accepted as a post-login redirect. */
export function safeRedirect(value: unknown): RouteLocationRaw | null {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/login')
    ? value
    : null;
}

router.beforeEach(async (to) => {
  const auth = useAuthStore();
  await auth.ensureLoaded(); // GET /api/auth/me, once
  if (!to.meta.public && !auth.isAuthenticated) {
    return { name: 'login', query: to.fullPath === '/' || to.fullPath === '/home' ? {} : { redirect: to.fullPath } };
  }
  if (to.name === 'login' && auth.isAuthenticated) {
    return safeRedirect(to.query.redirect) ?? { name: 'home' };
  }
  // a password change or TOTP set-up is due: nothing else opens (the server refuses it anyway) until done
  const restriction = auth.user?.restriction ?? null;
  if (!to.meta.public && restriction && to.meta.restriction !== restriction) {
    const gate = router.getRoutes().find((r) => r.meta.restriction === restriction);
    const wanted = to.meta.restriction ? to.query.redirect : to.fullPath;
    const redirect = typeof wanted === 'string' && safeRedirect(wanted) && wanted !== '/home' ? wanted : null;
    if (gate?.name) return { name: gate.name, query: redirect ? { redirect } : {} };
  }
  if (!restriction && to.meta.restriction) return safeRedirect(to.query.redirect) ?? { name: 'home' };
  if (to.meta.roles && !auth.hasRole(...to.meta.roles)) return { name: 'home' };
  return true;
});

router.afterEach((to) => {
  const { t } = i18n.global;
  document.title = to.meta.title ? `${t(to.meta.title)} · ${t('app.title')}` : t('app.title');
});
