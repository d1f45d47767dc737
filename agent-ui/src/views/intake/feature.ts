import type { Feature } from '../../features/types';
import type { Role } from '../../api/types';

export const INTAKE_ROLES: Role[] = ['agent', 'shift_leader', 'supervisor', 'admin'];

export const intakeFeature: Feature = {
  routes: [
    {
      path: '/tickets/new',
      name: 'ticket-new',
      component: () => import('./index.vue'),
      meta: { title: 'intake.title' },
    },
  ],
  nav: [{ name: 'ticket-new', label: 'intake.nav', roles: INTAKE_ROLES, order: 5, testid: 'new-ticket' }],
};

/**
 * Alt+N anywhere opens a new ticket: an agent on a call should not have to reach for the mouse. Installed
 * once when the feature registry loads; the router is imported lazily (it imports the feature registry).
 */
if (typeof window !== 'undefined') {
  window.addEventListener('keydown', (e) => {
    if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.code !== 'KeyN') return;
    e.preventDefault();
    void Promise.all([import('../../router'), import('../../stores/auth')]).then(([{ router }, { useAuthStore }]) => {
      const roles = useAuthStore().user?.roles ?? [];
      if (roles.some((r) => INTAKE_ROLES.includes(r)) && router.currentRoute.value.name !== 'ticket-new')
        void router.push({ name: 'ticket-new' });
    });
  });
}
