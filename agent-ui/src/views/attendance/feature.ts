// Planned vs actual per day: who was late, left early or absent, and the unattended-seat incidents.
import type { Feature } from '../../features/types';

export const attendanceFeature: Feature = {
  routes: [
    {
      path: '/attendance',
      name: 'attendance',
      component: () => import('./index.vue'),
      meta: { title: 'roster.attendance.title' },
    },
  ],
  nav: [
    {
      name: 'attendance',
      label: 'roster.nav.attendance',
      roles: ['supervisor', 'shift_leader', 'admin'],
      order: 75,
      testid: 'attendance',
    },
  ],
};
