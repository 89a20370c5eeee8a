import type { Database } from 'better-sqlite3';
import type { ServerResponse } from './client';
import { journal, readSyncState, writeSyncState } from './state';

/**
 * Which answers of the server the kiosk may use (docs/protocol.md, Signed answers). The kiosk
 * pins "my server signs its answers" with the server's address once it has seen one valid
 * signature — at the latest the enrolment answer of a server that signs — and from then on uses
 * only signed answers: a man in the middle can neither forge nor strip a signature. A kiosk whose
 * server has never signed (an older server) takes unsigned answers as before.
 */
export class AnswerTrust {
  constructor(private readonly now: () => number) {}

  /** True once this kiosk knows that its server signs its answers. */
  serverSigns(db: Database): boolean {
    return readSyncState(db, 'serverSignsAnswers') !== undefined;
  }

  /**
   * Whether `answer` may be used. A valid signature pins the server as signing (the first time);
   * a wrong one is never trusted; a missing one only from a server never seen signing.
   */
  judge(db: Database, answer: ServerResponse): boolean {
    if (answer.answerSignature === 'valid') {
      if (!this.serverSigns(db)) this.pin(db);
      return true;
    }
    if (answer.answerSignature === 'invalid') return false;
    return !this.serverSigns(db);
  }

  pin(db: Database): void {
    const at = this.now();
    db.transaction(() => {
      writeSyncState(db, 'serverSignsAnswers', { since: at }, at);
      journal(db, at, 'answers_signed', {});
    })();
  }
}
