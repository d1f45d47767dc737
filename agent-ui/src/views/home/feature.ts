import type { Feature } from '../../features/types';

export const homeFeature: Feature = {
  routes: [
    {
      path: '/home',
      name: 'home',
      component: () => import('./index.vue'),
      meta: { title: 'home.title' },
    },
  ],
  nav: [{ name: 'home', label: 'home.nav', roles: [], order: 0, testid: 'home' }],
};
