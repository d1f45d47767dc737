// Workforce planning: the shift leader's month grid (with leave and swap approvals) and the agent's own shifts.
import type { Feature } from '../../features/types';

export const rosterFeature: Feature = {
  routes: [
    {
      path: '/roster',
      name: 'roster',
      component: () => import('./index.vue'),
      meta: { title: 'roster.title' },
    },
    {
      path: '/my-shifts',
      name: 'my-shifts',
      component: () => import('./my/index.vue'),
      meta: { title: 'roster.my.title' },
    },
  ],
  nav: [
    {
      name: 'roster',
      label: 'roster.nav.roster',
      roles: ['shift_leader', 'admin', 'supervisor'],
      order: 70,
      testid: 'roster',
    },
    {
      name: 'my-shifts',
      label: 'roster.nav.myShifts',
      roles: ['agent', 'revisit_agent'],
      order: 72,
      testid: 'my-shifts',
    },
  ],
};
