import type { UnitNode } from '../../../shared/console/api';

/**
 * Units in tree order (each unit followed by the units under it, siblings by name) with their
 * depth, for indented lists. Units whose parent is out of view start a tree of their own.
 */
export function unitsInTreeOrder(units: readonly UnitNode[]): { unit: UnitNode; depth: number }[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, UnitNode[]>();
  for (const unit of units) {
    const parent = unit.parentId !== null && ids.has(unit.parentId) ? unit.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), unit]);
  }
  const ordered: { unit: UnitNode; depth: number }[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const unit of [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'vi'))) {
      if (seen.has(unit.id)) continue; // a loop in the data must not hang the page
      seen.add(unit.id);
      ordered.push({ unit, depth });
      walk(unit.id, depth + 1);
    }
  };
  walk(null, 0);
  return ordered;
}
