/** Turn parent-linked rows into a forest; rows whose parent is missing become roots. */
export function buildTree<T extends { id: number; parentId: number | null }>(rows: T[]): (T & { children: T[] })[] {
  const byId = new Map<number, T & { children: T[] }>();
  for (const r of rows) byId.set(r.id, { ...r, children: [] });
  const roots: (T & { children: T[] })[] = [];
  for (const n of byId.values()) {
    const parent = n.parentId == null ? undefined : byId.get(n.parentId);
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  return roots;
}
