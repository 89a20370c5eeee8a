import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-audit-log';
import type { Migration } from './types';

/** Every migration, in order. Append only: a shipped migration never changes. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002];
