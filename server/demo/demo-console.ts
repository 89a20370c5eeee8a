/**
 * The console's demo: one account per role and two years of ratings of the demo province, for
 * `npm run server` (its `--demo`), `npm run console:demo`, the console's end-to-end tests and
 * screenshots. Demo accounts share one published password: never on a real province's server.
 */
import type { ConsoleRole } from '../../shared/console/constants';
import { createAccount } from '../console/accounts';
import type { ServerDb } from '../db/connect';
import type { SecretKeyRing } from '../secret-keys';
import { seedProvince, type SeedSummary } from './demo-province';

export const DEMO_PASSWORD = 'mật khẩu đủ dài 2026';

export interface DemoAccount {
  login: string;
  displayName: string;
  role: ConsoleRole;
  unitId: string | null;
  maySeePersonalData?: boolean;
}

/** One account per role; the unit heads answer for Lục Ngạn (with Phượng Sơn under it) and for Phượng Sơn alone. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { login: 'so.noivu', displayName: 'Nguyễn Thị Minh Nguyệt', role: 'province', unitId: null },
  { login: 'so.noivu.canhan', displayName: 'Trần Quang Khải', role: 'province', unitId: null, maySeePersonalData: true },
  { login: 'truong.lucngan', displayName: 'Hoàng Văn Thắng', role: 'unit_head', unitId: 'bg-ln-motcua' },
  { login: 'truong.phuongson', displayName: 'Lý Thị Sen', role: 'unit_head', unitId: 'bg-ln-phuongson' },
  { login: 'kythuat', displayName: 'Đỗ Minh Tuấn', role: 'it', unitId: null },
  { login: 'quantri', displayName: 'Phạm Thu Trang', role: 'admin', unitId: null },
];

export async function createDemoAccounts(db: ServerDb, accounts: readonly DemoAccount[], now: number): Promise<void> {
  for (const account of accounts) {
    await createAccount(db, { ...account, password: DEMO_PASSWORD, maySeePersonalData: account.maySeePersonalData ?? false }, now);
  }
}

/**
 * Seeds the demo province's ratings up to yesterday and the demo accounts — only into a server
 * that has neither ratings nor console accounts yet, so that a restart (or a real province's
 * data) is never touched. Returns what it seeded, or null when it left the database alone.
 */
export async function seedDemoConsole(db: ServerDb, now: number, keys: SecretKeyRing): Promise<SeedSummary | null> {
  const [ratings, accounts] = await Promise.all([
    db.selectFrom('ratings').select('id').limit(1).execute(),
    db.selectFrom('console_users').select('id').limit(1).execute(),
  ]);
  if (ratings.length > 0 || accounts.length > 0) return null;
  const summary = await seedProvince(db, keys, { now });
  await createDemoAccounts(db, DEMO_ACCOUNTS, now);
  return summary;
}
