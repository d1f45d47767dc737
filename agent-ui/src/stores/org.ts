import { ref } from 'vue';
import { defineStore } from 'pinia';
import { orgApi } from '../api/org';
import type { OrgUnit } from '../api/types';

/** Reference data that changes rarely: loaded on first use, kept for the session. */
export const useOrgStore = defineStore('org', () => {
  const units = ref<OrgUnit[]>([]);
  let unitsLoad: Promise<void> | null = null;

  function loadUnits(): Promise<void> {
    unitsLoad ??= orgApi.units().then(
      (tree) => {
        units.value = tree;
      },
      (err: unknown) => {
        unitsLoad = null; // allow a retry
        throw err;
      },
    );
    return unitsLoad;
  }

  return { units, loadUnits };
});
