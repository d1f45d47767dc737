// Trees shown as table rows: the visible nodes in order with their depth, expanded ones opened.
export interface TreeRow<T> {
  node: T;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
}

export function visibleRows<T extends { id: number; active: boolean; children: T[] }>(
  roots: T[],
  expanded: ReadonlySet<number>,
  showInactive: boolean,
): TreeRow<T>[] {
  const out: TreeRow<T>[] = [];
  const walk = (nodes: T[], depth: number) => {
    for (const n of nodes) {
      if (!showInactive && !n.active) continue;
      const kids = showInactive ? n.children : n.children.filter((c) => c.active);
      const open = expanded.has(n.id);
      out.push({ node: n, depth, hasChildren: kids.length > 0, expanded: open });
      if (open) walk(n.children, depth + 1);
    }
  };
  walk(roots, 0);
  return out;
}

/** every node of the forest, depth first */
export function allNodes<T extends { children: T[] }>(roots: T[]): T[] {
  return roots.flatMap((n) => [n, ...allNodes(n.children)]);
}

export function findNode<T extends { id: number; children: T[] }>(roots: T[], id: number): T | undefined {
  return allNodes(roots).find((n) => n.id === id);
}
