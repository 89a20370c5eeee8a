import type { Database } from 'better-sqlite3';
import type { CommandResult, Diagnostics, KioskCommand } from '../../../shared/fleet';
import { audit } from '../audit';
import { cleanForServer } from './heartbeat';
import { readSyncState, recentJournal, writeSyncState } from './state';

/** What carrying out commands needs from the engine. */
export interface CommandActions {
  syncNow(): Promise<void>;
  repull(): Promise<void>;
  diagnostics(): Diagnostics;
}

/** Ids of commands carried out, kept so that one sent again (a lost answer) is not done twice. */
const DONE_KEPT = 100;

/**
 * Carries out the commands of a heartbeat's answer, each once (by id), in order, and keeps their
 * results for the next heartbeat: done, or failed with the reason. Answers how many were new.
 */
export async function carryOutCommands(db: Database, commands: KioskCommand[], actions: CommandActions, now: () => number): Promise<number> {
  let carried = 0;
  for (const command of commands) {
    const done = readSyncState(db, 'commandsDone') ?? [];
    if (done.includes(command.id)) continue;
    let result: CommandResult;
    try {
      const diagnostics = await perform(db, command, actions, now);
      result = { id: command.id, outcome: 'done', at: now(), ...(diagnostics ? { diagnostics } : {}) };
    } catch (error) {
      result = { id: command.id, outcome: 'failed', at: now(), error: cleanForServer((error as Error).message) };
    }
    const at = now();
    db.transaction(() => {
      writeSyncState(db, 'commandsDone', [...done, command.id].slice(-DONE_KEPT), at);
      writeSyncState(db, 'commandResults', [...(readSyncState(db, 'commandResults') ?? []), result].slice(-20), at);
      audit(db, at, 'system', 'command_carried_out', { id: command.id, kind: command.kind, outcome: result.outcome });
    })();
    carried += 1;
  }
  return carried;
}

async function perform(db: Database, command: KioskCommand, actions: CommandActions, now: () => number): Promise<Diagnostics | null> {
  switch (command.kind) {
    case 'sync_now':
      await actions.syncNow();
      return null;
    case 'repull':
      await actions.repull();
      return null;
    case 'reload_screen':
      // The renderer reloads when it sees this change (KioskState.screenReloadRequestedAt).
      writeSyncState(db, 'screenReloadRequestedAt', now(), now());
      return null;
    case 'send_diagnostics':
      return actions.diagnostics();
    default:
      throw new Error(`this kiosk version does not know the command ${command.kind}`);
  }
}

/**
 * The diagnostics IT staff asked for: the sync status and the last lines of the sync journal. The
 * journal holds no comment, badge code or PIN, and no secret (docs/security.md); the status leaves
 * the secret out by design.
 */
export function journalLines(db: Database, limit = 100): string[] {
  return recentJournal(db, limit).map((entry) => cleanForServer(`${new Date(entry.at).toISOString()} ${entry.kind} ${JSON.stringify(entry.details)}`));
}
