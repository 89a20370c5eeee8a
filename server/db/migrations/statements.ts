import { sql, type Kysely } from 'kysely';

/** Runs DDL statements one by one: PGlite's extended protocol runs one statement per query. */
export async function runStatements(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
