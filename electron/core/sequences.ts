import type { Database } from 'better-sqlite3';

/** Next value of a named counter that never goes back. Call inside the write transaction that uses it. */
export function nextSequenceValue(db: Database, name: string): number {
  const row = db
    .prepare(
      `INSERT INTO sequences (name, value) VALUES (?, 1)
       ON CONFLICT (name) DO UPDATE SET value = value + 1
       RETURNING value`,
    )
    .get(name) as { value: number };
  return row.value;
}
