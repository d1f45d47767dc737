// Monthly / quarterly settlement statements of a contract: fee, every deduction with its evidence, entered items.
import type { Feature } from '../../features/types';

export const settlementFeature: Feature = {
  routes: [
    {
      path: '/settlement',
      name: 'settlement',
      component: () => import('./index.vue'),
      meta: { title: 'settlement.title' },
    },
  ],
  nav: [
    {
      name: 'settlement',
      label: 'settlement.nav.settlement',
      roles: ['supervisor', 'admin', 'shift_leader'],
      order: 80,
      testid: 'settlement',
    },
  ],
};
