import type { Feature } from '../../features/types';

export const ticketsFeature: Feature = {
  routes: [
    {
      path: '/tickets',
      name: 'tickets',
      component: () => import('./index.vue'),
      meta: { title: 'tickets.title' },
    },
    {
      path: '/tickets/:id(\\d+)',
      name: 'ticket-detail',
      component: () => import('../ticket-detail/index.vue'),
      props: (route) => ({ id: Number(route.params.id) }),
      meta: { title: 'detail.title' },
    },
  ],
  // every role that works on cases (the auditor reads the audit trail, not the cases)
  nav: [
    {
      name: 'tickets',
      label: 'header.tickets',
      roles: ['agent', 'shift_leader', 'supervisor', 'revisit_agent', 'department_handler', 'admin'],
      order: 10,
      testid: 'tickets',
    },
  ],
};
