import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { Account, ConsoleUser, CreateAccountRequestSchema, UpdateAccountRequestSchema } from '../../shared/console/api';
import type { ServerDb } from '../db/connect';
import type { ServerDatabase } from '../db/schema';
import { ConsoleError } from './errors';
import { hashPassword } from './passwords';

type UserRow = Selectable<ServerDatabase['console_users']>;

/** Logins compare without case and surrounding spaces: "Ha.Nguyen" and "ha.nguyen " are one account. */
export function loginKey(login: string): string {
  return login.trim().toLowerCase();
}

const ACCOUNT_COLUMNS = [
  'u.id',
  'u.login',
  'u.display_name',
  'u.role',
  'u.unit_id',
  'u.may_see_personal_data',
  'u.locale',
  'u.disabled_at',
  'u.created_at',
  'u.last_login_at',
  'units.name as unit_name',
] as const;

function selectAccounts(db: ServerDb) {
  return db.selectFrom('console_users as u').leftJoin('units', 'units.id', 'u.unit_id').select(ACCOUNT_COLUMNS);
}

type AccountRow = Awaited<ReturnType<ReturnType<typeof selectAccounts>['executeTakeFirstOrThrow']>>;

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    login: row.login,
    displayName: row.display_name,
    role: row.role,
    unitId: row.unit_id,
    unitName: row.unit_name ?? null,
    maySeePersonalData: row.may_see_personal_data,
    locale: row.locale,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

export function toConsoleUser(account: Account): ConsoleUser {
  const { disabled: _disabled, createdAt: _createdAt, lastLoginAt: _lastLoginAt, ...user } = account;
  return user;
}

export async function findAccount(db: ServerDb, id: string): Promise<Account | null> {
  const row = await selectAccounts(db).where('u.id', '=', id).executeTakeFirst();
  return row ? toAccount(row) : null;
}

export async function listAccounts(db: ServerDb): Promise<Account[]> {
  return (await selectAccounts(db).orderBy('u.login_key').execute()).map(toAccount);
}

/** The row a sign-in checks: its password hash and throttle state, by login (any case). */
export async function credentialsOf(db: ServerDb, login: string): Promise<Pick<UserRow, 'id' | 'password_hash' | 'disabled_at' | 'failed_logins' | 'locked_until'> | null> {
  const row = await db
    .selectFrom('console_users')
    .select(['id', 'password_hash', 'disabled_at', 'failed_logins', 'locked_until'])
    .where('login_key', '=', loginKey(login))
    .executeTakeFirst();
  return row ?? null;
}

async function requireUnit(db: ServerDb, unitId: string | null | undefined): Promise<void> {
  if (!unitId) return;
  const unit = await db.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw new ConsoleError(400, 'unknown_unit', { unit: unitId }, 'unitId');
}

export type NewAccount = z.output<typeof CreateAccountRequestSchema>;

export async function createAccount(db: ServerDb, input: NewAccount, now: number): Promise<Account> {
  await requireUnit(db, input.unitId);
  const key = loginKey(input.login);
  const taken = await db.selectFrom('console_users').select('id').where('login_key', '=', key).executeTakeFirst();
  if (taken) throw new ConsoleError(409, 'login_taken', {}, 'login');
  const id = randomUUID();
  await db
    .insertInto('console_users')
    .values({
      id,
      login: input.login.trim(),
      login_key: key,
      display_name: input.displayName,
      role: input.role,
      unit_id: input.role === 'unit_head' ? (input.unitId ?? null) : null,
      may_see_personal_data: input.role === 'province' && input.maySeePersonalData === true,
      locale: input.locale ?? 'vi',
      password_hash: await hashPassword(input.password),
      created_at: now,
      updated_at: now,
    })
    .execute();
  return (await findAccount(db, id))!;
}

export type AccountChange = z.output<typeof UpdateAccountRequestSchema>;

/**
 * Changes an account. The result must still be a valid account (a unit head has a unit, only a
 * province account may see personal data), and the last active administrator stays one.
 * A new password or a disabled account ends the account's sessions.
 */
export async function updateAccount(db: ServerDb, id: string, change: AccountChange, now: number): Promise<Account> {
  const current = await findAccount(db, id);
  if (!current) throw new ConsoleError(404, 'not_found');
  const role = change.role ?? current.role;
  const unitId = change.unitId !== undefined ? change.unitId : role === 'unit_head' ? current.unitId : null;
  if (role === 'unit_head' && !unitId) throw new ConsoleError(400, 'invalid_input', { detail: 'unitId: a unit head needs a unit' }, 'unitId');
  if (role !== 'unit_head' && unitId) throw new ConsoleError(400, 'invalid_input', { detail: 'unitId: only a unit head has a unit' }, 'unitId');
  const maySeePersonalData = change.maySeePersonalData ?? (role === 'province' && current.maySeePersonalData);
  if (maySeePersonalData && role !== 'province') {
    throw new ConsoleError(400, 'invalid_input', { detail: 'maySeePersonalData: only province accounts' }, 'maySeePersonalData');
  }
  await requireUnit(db, unitId);
  const disabled = change.disabled ?? current.disabled;
  if (current.role === 'admin' && !current.disabled && (role !== 'admin' || disabled)) {
    const admins = await db.selectFrom('console_users').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null).execute();
    if (admins.length <= 1) throw new ConsoleError(409, 'last_admin');
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('console_users')
      .set({
        display_name: change.displayName ?? current.displayName,
        role,
        unit_id: unitId,
        may_see_personal_data: maySeePersonalData,
        locale: change.locale ?? current.locale,
        disabled_at: disabled ? (current.disabled ? undefined : now) : null,
        ...(change.password ? { password_hash: await hashPassword(change.password), failed_logins: 0, locked_until: null } : {}),
        ...(change.disabled === false ? { failed_logins: 0, locked_until: null } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    if (change.password || disabled || role !== current.role || unitId !== current.unitId) {
      await trx.deleteFrom('console_sessions').where('user_id', '=', id).execute();
    }
  });
  return (await findAccount(db, id))!;
}

/** Sets a user's own new password; their other sessions end. */
export async function setPassword(db: ServerDb, id: string, password: string, now: number, keepSessionHash: string | null): Promise<void> {
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('console_users').set({ password_hash: hash, updated_at: now }).where('id', '=', id).execute();
    let others = trx.deleteFrom('console_sessions').where('user_id', '=', id);
    if (keepSessionHash) others = others.where('token_hash', '!=', keepSessionHash);
    await others.execute();
  });
}
