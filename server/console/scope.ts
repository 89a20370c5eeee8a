import type { ConsoleUser } from '../../shared/console/api';
import { roleHasUnitScope } from '../../shared/console/api';
import type { ServerDb } from '../db/connect';
import { ConsoleError } from './errors';

export interface UnitTreeNode {
  id: string;
  name: string;
  level: string;
  parentId: string | null;
}

/**
 * The units a user may read: the whole province for province, IT and administrator accounts; a
 * unit head's unit and every unit under it. Checked on the server for every request and every
 * query — an id outside the scope is refused, whatever the browser asks.
 */
export class UserScope {
  private constructor(
    readonly user: ConsoleUser,
    readonly all: UnitTreeNode[],
    /** Unit ids in scope; null = every unit (the province). */
    readonly unitIds: Set<string> | null,
  ) {}

  static async of(db: ServerDb, user: ConsoleUser): Promise<UserScope> {
    const rows = await db.selectFrom('units').select(['id', 'name', 'level', 'parent_id']).orderBy('name').execute();
    const all = rows.map((r) => ({ id: r.id, name: r.name, level: r.level, parentId: r.parent_id }));
    if (!roleHasUnitScope(user.role)) return new UserScope(user, all, null);
    return new UserScope(user, all, user.unitId ? subtreeOf(all, user.unitId) : new Set());
  }

  get isProvince(): boolean {
    return this.unitIds === null;
  }

  includes(unitId: string): boolean {
    return this.unitIds === null ? this.all.some((u) => u.id === unitId) : this.unitIds.has(unitId);
  }

  /** Refuses (403) a unit outside the scope; a unit that does not exist is refused the same way. */
  requireUnit(unitId: string): UnitTreeNode {
    const unit = this.all.find((u) => u.id === unitId);
    if (!unit || !this.includes(unitId)) throw new ConsoleError(403, 'out_of_scope', { unit: unitId });
    return unit;
  }

  /** The units visible to the user, in name order. */
  visibleUnits(): UnitTreeNode[] {
    return this.unitIds === null ? this.all : this.all.filter((u) => this.unitIds!.has(u.id));
  }

  /** A unit and every unit under it (for a report "including the units under it"). */
  subtree(unitId: string): Set<string> {
    return subtreeOf(this.all, unitId);
  }
}

export function subtreeOf(units: Pick<UnitTreeNode, 'id' | 'parentId'>[], rootId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const unit of units) {
    if (unit.parentId === null) continue;
    const list = children.get(unit.parentId) ?? [];
    list.push(unit.id);
    children.set(unit.parentId, list);
  }
  const result = new Set<string>();
  const stack = [rootId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (result.has(id)) continue; // a loop in old data must not hang a request
    result.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return result;
}
