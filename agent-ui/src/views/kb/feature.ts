import type { Feature } from '../../features/types';

export const kbFeature: Feature = {
  routes: [
    {
      path: '/kb',
      name: 'kb',
      component: () => import('./index.vue'),
      meta: { title: 'kb.title' },
    },
    {
      path: '/kb/:id(\\d+)',
      name: 'kb-article',
      component: () => import('./ArticleView.vue'),
      props: (route) => ({ id: Number(route.params.id) }),
      meta: { title: 'kb.articleTitle' },
    },
  ],
  nav: [
    {
      name: 'kb',
      label: 'kb.nav',
      roles: ['agent', 'shift_leader', 'supervisor', 'revisit_agent', 'admin'],
      order: 40,
      testid: 'kb',
    },
  ],
};
