// Accounts and security: 用户管理, 安全设置 and 密钥管理 for administrators, 审计查询 for auditors, 安全告警 for
// supervisors, administrators and auditors. The header groups them in its 系统管理 menu.
import type { Feature } from '../../features/types';
import type { Role } from '../../api/types';

export const ALERT_ROLES: Role[] = ['supervisor', 'admin', 'auditor'];

export const securityFeature: Feature = {
  routes: [
    {
      path: '/admin/users',
      name: 'admin-users',
      component: () => import('./users/index.vue'),
      meta: { title: 'security.users.title', roles: ['admin'] },
    },
    {
      path: '/admin/security',
      name: 'admin-security',
      component: () => import('./settings/index.vue'),
      meta: { title: 'security.settings.title', roles: ['admin'] },
    },
    {
      path: '/admin/keys',
      name: 'admin-keys',
      component: () => import('./keys/index.vue'),
      meta: { title: 'security.keys.title', roles: ['admin'] },
    },
    {
      path: '/audit',
      name: 'audit',
      component: () => import('./audit/index.vue'),
      meta: { title: 'security.audit.title', roles: ['auditor'] },
    },
    {
      path: '/security-alerts',
      name: 'security-alerts',
      component: () => import('./alerts/index.vue'),
      meta: { title: 'security.alerts.title', roles: ALERT_ROLES },
    },
  ],
  nav: [
    { name: 'admin-users', label: 'security.nav.users', roles: ['admin'], order: 90, testid: 'users', menu: 'system' },
    {
      name: 'admin-security',
      label: 'security.nav.settings',
      roles: ['admin'],
      order: 92,
      testid: 'security-settings',
      menu: 'system',
    },
    { name: 'admin-keys', label: 'security.nav.keys', roles: ['admin'], order: 94, testid: 'keys', menu: 'system' },
    { name: 'audit', label: 'security.nav.audit', roles: ['auditor'], order: 96, testid: 'audit', menu: 'system' },
    {
      name: 'security-alerts',
      label: 'security.nav.alerts',
      roles: ALERT_ROLES,
      order: 98,
      testid: 'security-alerts',
      menu: 'system',
    },
  ],
};
