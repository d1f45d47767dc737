// 系统管理 › 基础数据, the administration area's reference data: org units, categories and time limits, holiday calendars,
// hotline lines and contract partners — one page with a tab per area, each tab its own lazy route.
import type { Feature } from '../../features/types';

export const adminReferenceFeature: Feature = {
  routes: [
    {
      path: '/admin/reference',
      component: () => import('./index.vue'),
      redirect: { name: 'admin-org' },
      meta: { roles: ['admin'] },
      children: [
        {
          path: 'org',
          name: 'admin-org',
          component: () => import('./org/index.vue'),
          meta: { title: 'adminRef.tabs.org' },
        },
        {
          path: 'categories',
          name: 'admin-categories',
          component: () => import('./categories/index.vue'),
          meta: { title: 'adminRef.tabs.categories' },
        },
        {
          path: 'calendar',
          name: 'admin-calendar',
          component: () => import('./calendar/index.vue'),
          meta: { title: 'adminRef.tabs.calendar' },
        },
        {
          path: 'lines',
          name: 'admin-lines',
          component: () => import('./lines/index.vue'),
          meta: { title: 'adminRef.tabs.lines' },
        },
        {
          path: 'partners',
          name: 'admin-partners',
          component: () => import('./partners/index.vue'),
          meta: { title: 'adminRef.tabs.partners' },
        },
      ],
    },
  ],
  // in the header's 系统管理 menu, after the accounts and security entries
  nav: [
    {
      name: 'admin-org',
      label: 'adminRef.nav',
      roles: ['admin'],
      order: 95,
      testid: 'admin-reference',
      menu: 'system',
    },
  ],
};
