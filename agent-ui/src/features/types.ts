// A feature contributes routes and header navigation entries; router.ts and AppHeader.vue only collect them.
import type { RouteRecordRaw } from 'vue-router';
import type { Role } from '../api/types';

export interface NavItem {
  /** route name */
  name: string;
  /** i18n key of the label */
  label: string;
  /** who sees the entry (empty: everyone signed in) */
  roles: Role[];
  /** lower first */
  order: number;
  /** data-testid suffix: nav-<testid> */
  testid: string;
}

export interface Feature {
  routes: RouteRecordRaw[];
  nav: NavItem[];
}
