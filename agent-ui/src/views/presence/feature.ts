import type { Feature } from '../../features/types';

export const presenceFeature: Feature = {
  routes: [
    {
      path: '/wallboard',
      name: 'wallboard',
      component: () => import('./index.vue'),
      meta: { title: 'presence.wallboard.title' },
    },
  ],
  nav: [
    {
      name: 'wallboard',
      label: 'presence.nav',
      roles: ['shift_leader', 'supervisor', 'admin'],
      order: 60,
      testid: 'wallboard',
    },
  ],
};
