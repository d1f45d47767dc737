// The user's own account: 我的账户 (reached from the user name in the header), and the two pages a restricted
// session is kept on until it has changed its password or set up two-step sign-in.
import type { Feature } from '../../features/types';

export const accountFeature: Feature = {
  routes: [
    {
      path: '/account',
      name: 'account',
      component: () => import('./index.vue'),
      meta: { title: 'account.title' },
    },
    {
      path: '/account/password',
      name: 'password-change',
      component: () => import('./required/index.vue'),
      meta: { title: 'account.required.passwordTitle', restriction: 'password_change' },
    },
    {
      path: '/account/two-step',
      name: 'totp-enrol',
      component: () => import('./required/index.vue'),
      meta: { title: 'account.required.totpTitle', restriction: 'totp_enrol' },
    },
  ],
  nav: [],
};
