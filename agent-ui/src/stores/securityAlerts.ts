// Open security alerts (refused reveals and exports over the hourly limit, throttled sign-ins, a broken audit
// chain) for supervisors, administrators and auditors: the count the header shows, kept current by the
// socket connector (alerts raised now) and by the alert list (acknowledged ones).
import { ref } from 'vue';
import { defineStore } from 'pinia';
import { alertsApi } from '../api/security';
import type { SecurityAlertPayload } from '../api/types';

export const useSecurityAlertsStore = defineStore('securityAlerts', () => {
  /** unacknowledged alerts (null: not read yet) */
  const openCount = ref<number | null>(null);
  /** bumps on every alert pushed by the server: an open list re-reads itself */
  const revision = ref(0);
  let seq = 0;

  async function refresh(): Promise<void> {
    const mine = ++seq;
    const open = await alertsApi.list(true);
    if (mine === seq) openCount.value = open.length;
  }

  /** realtime/connector.ts: an alert was raised (deduplicated per user, kind and hour by the server) */
  function applyRaised(_alert: SecurityAlertPayload): void {
    seq++; // a read in flight predates this alert
    openCount.value = (openCount.value ?? 0) + 1;
    revision.value++;
  }

  function acknowledged(): void {
    if (openCount.value) openCount.value--;
  }

  return { openCount, revision, refresh, applyRaised, acknowledged };
});
