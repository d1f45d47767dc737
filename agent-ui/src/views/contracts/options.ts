// The contract picker's options: one entry per contract code (its versions folded), the one in force today
// first choice by default.
import { contractsApi, type ContractSummary } from '../../api/workforce';
import { todayShanghai } from '../roster/dates';

export interface ContractOption {
  code: string;
  name: string;
  versions: ContractSummary[];
  /** an active version covers today */
  current: boolean;
}

export function groupContracts(list: ContractSummary[]): ContractOption[] {
  const today = todayShanghai();
  const byCode = new Map<string, ContractSummary[]>();
  for (const c of list) byCode.set(c.code, [...(byCode.get(c.code) ?? []), c]);
  return [...byCode.entries()]
    .map(([code, versions]) => {
      versions.sort((a, b) => a.version - b.version);
      const latest = versions[versions.length - 1];
      return {
        code,
        name: latest.name,
        versions,
        current: versions.some((v) => v.status === 'active' && v.period.from <= today && v.period.to >= today),
      };
    })
    .sort((a, b) => Number(b.current) - Number(a.current) || a.code.localeCompare(b.code));
}

export async function loadContractOptions(): Promise<ContractOption[]> {
  return groupContracts(await contractsApi.list());
}

const STORAGE_KEY = 'hotline-desk.contract';

/** The asked code when it exists, else the one last chosen on this desk, else the first in force today. */
export function pickContract(options: ContractOption[], asked?: unknown): string {
  const known = (c: unknown): c is string => typeof c === 'string' && options.some((o) => o.code === c);
  if (known(asked)) return asked;
  const last = localStorage.getItem(STORAGE_KEY);
  if (known(last)) return last;
  return options[0]?.code ?? '';
}

export function rememberContract(code: string): void {
  if (code) localStorage.setItem(STORAGE_KEY, code);
}
