import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-audit-log';
import { migration0003 } from './0003-rating-refusals';
import { migration0004 } from './0004-staff-login';
import { migration0005 } from './0005-sync';
import { migration0006 } from './0006-device-state';
import { migration0007 } from './0007-it-roles-and-boot-clock';
import { migration0008 } from './0008-badge-keys';
import { migration0009 } from './0009-record-chain';
import { migration0010 } from './0010-own-pins';
import type { Migration } from './types';

/** Every migration, in order. Append only: a shipped migration never changes. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
];
