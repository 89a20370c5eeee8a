import type { Database } from 'better-sqlite3';
import demoRoster from '../../assets/demo/roster.json';
import { audit } from './audit';
import { importRoster } from './roster';
import { currentSession, startSession } from './sessions';
import { readSetting, writeSetting } from './settings';

/** The demo kiosk: the provincial centre's counter 01, with its officer already logged in. */
export const DEMO_COUNTER_ID = 'ttpvhcc-q01';
export const DEMO_STAFF_ID = 'st-000101';

/**
 * Seeds the demo roster and configuration into an empty kiosk database, so that a newcomer's
 * first start shows a working kiosk. Does nothing to a kiosk that already has a counter.
 */
export function seedDemoData(db: Database, now: number, options: { automaticLogout?: boolean } = {}): void {
  if (readSetting<string>(db, 'counterId')) return;
  db.transaction(() => {
    importRoster(db, demoRoster, now);
    writeSetting(db, 'counterId', DEMO_COUNTER_ID, now);
    if (options.automaticLogout === false) {
      writeSetting(db, 'staffShiftEndTimes', [], now);
      writeSetting(db, 'staffIdleLogoutMinutes', 0, now);
    }
    audit(db, now, 'system', 'demo_seeded', { counterId: DEMO_COUNTER_ID });
    if (!currentSession(db, DEMO_COUNTER_ID)) startSession(db, DEMO_STAFF_ID, DEMO_COUNTER_ID, now, 'demo');
  })();
}

/**
 * The demo that `npm start` and `npm run kiosk:web` show: as seedDemoData, but the officer is not
 * logged out at the end of a shift or after inactivity, so a demo left open over lunch still shows
 * an officer (the demo has no badges to scan). Real kiosks keep the rules of their settings.
 */
export function seedShowcaseDemo(db: Database, now: number): void {
  seedDemoData(db, now, { automaticLogout: false });
}
