// Work queues: the department inbox, the centre's review desk and the revisit list.
import type { Feature } from '../../features/types';

export const workFeature: Feature = {
  routes: [
    {
      path: '/inbox',
      name: 'inbox',
      component: () => import('./inbox/index.vue'),
      meta: { title: 'work.inbox.title' },
    },
    {
      path: '/review',
      name: 'review',
      component: () => import('./review/index.vue'),
      meta: { title: 'work.review.title' },
    },
    {
      path: '/revisits',
      name: 'revisits',
      component: () => import('./revisits/index.vue'),
      meta: { title: 'work.revisit.title' },
    },
  ],
  nav: [
    { name: 'inbox', label: 'work.nav.inbox', roles: ['department_handler'], order: 20, testid: 'inbox' },
    {
      name: 'review',
      label: 'work.nav.review',
      roles: ['supervisor', 'shift_leader', 'admin'],
      order: 30,
      testid: 'review',
    },
    {
      name: 'revisits',
      label: 'work.nav.revisits',
      roles: ['revisit_agent', 'supervisor', 'shift_leader', 'admin'],
      order: 35,
      testid: 'revisits',
    },
  ],
};
