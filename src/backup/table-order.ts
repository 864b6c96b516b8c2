/** A foreign key: rows of `from` name rows of `to`. */
export interface Reference {
  from: string;
  to: string;
}

/**
 * The order to load tables in so that every row a foreign key names is already there: each table
 * after the tables it references, ties alphabetical so a restore is the same every time. A table
 * referring to itself loads in one statement, whose checks run at its end. A cycle between tables
 * cannot be loaded with the checks on and is refused, naming the tables in it.
 */
export function loadOrder(tables: string[], references: Reference[]): string[] {
  const known = new Set(tables);
  const needs = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { from, to } of references) {
    if (!known.has(from) || !known.has(to))
      throw new Error(`foreign key ${from} -> ${to} names a table that is not loaded`);
    if (from !== to) needs.get(from)!.add(to);
  }
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < tables.length) {
    const ready = tables
      .filter((t) => !placed.has(t) && [...needs.get(t)!].every((n) => placed.has(n)))
      .sort();
    if (!ready.length) {
      const stuck = tables.filter((t) => !placed.has(t)).sort();
      throw new Error(`tables reference each other in a cycle: ${stuck.join(', ')}`);
    }
    for (const t of ready) {
      order.push(t);
      placed.add(t);
    }
  }
  return order;
}
