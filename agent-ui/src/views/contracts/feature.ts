// Contracts as versioned documents: the list, a readable rendering of one, and the JSON editor for a new
// contract or a new version.
import type { Feature } from '../../features/types';

export const contractsFeature: Feature = {
  routes: [
    {
      path: '/contracts',
      name: 'contracts',
      component: () => import('./index.vue'),
      meta: { title: 'settlement.contracts.title' },
    },
    {
      path: '/contracts/new',
      name: 'contract-new',
      component: () => import('./ContractEditor.vue'),
      meta: { title: 'settlement.contracts.editor.newTitle' },
    },
    {
      path: '/contracts/:code',
      name: 'contract',
      component: () => import('./ContractDetail.vue'),
      props: true,
      meta: { title: 'settlement.contracts.title' },
    },
    {
      path: '/contracts/:code/new-version',
      name: 'contract-version',
      component: () => import('./ContractEditor.vue'),
      props: true,
      meta: { title: 'settlement.contracts.newVersion' },
    },
  ],
  nav: [
    {
      name: 'contracts',
      label: 'settlement.nav.contracts',
      roles: ['admin', 'supervisor'],
      order: 85,
      testid: 'contracts',
    },
  ],
};
