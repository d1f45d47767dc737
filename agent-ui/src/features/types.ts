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
  /**
   * A header drop-down the entry goes into (label `header.menu.<menu>`, test id `nav-menu-<menu>`) rather than
   * the top row; a user who sees at most two entries of a menu gets them in the top row instead.
   */
  menu?: 'system';
}

export interface Feature {
  routes: RouteRecordRaw[];
  nav: NavItem[];
}
