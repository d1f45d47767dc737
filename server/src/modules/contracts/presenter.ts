// A statement as people read it: the engine's evidence names agents by id and staffing requirements by their
// id (it is pure and knows no names); here they get the agent's name and the contract's requirement label.
import type { Contract, Statement } from './domain';

export function presentStatement(s: Statement, contract: Contract, agents: Record<string, string>): Statement {
  const requirement = new Map(contract.staffing.map((r) => [r.id, r.label]));
  const named = (label: string) =>
    label
      .replace(/坐席 #(\d+)/g, (m, id: string) => agents[id] ?? m)
      .replace(/^([a-z_]+)：/, (m, id: string) => (requirement.has(id) ? `${requirement.get(id)}：` : m));
  return {
    ...s,
    lines: s.lines.map((l) => ({ ...l, evidence: l.evidence.map((e) => ({ ...e, label: named(e.label) })) })),
  };
}
