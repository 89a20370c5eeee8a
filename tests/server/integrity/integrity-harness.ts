/**
 * A real server and a view of its database, for the integrity checks at ingest: kiosks send
 * chained records through the protocol, the tests read what the server stored and flagged.
 */
import { Kysely } from 'kysely';
import { API_PREFIX } from '../../../shared/protocol';
import { ratingChainHash, sessionEventChainHash } from '../../../shared/node/record-chain';
import { CHAIN_GENESIS, type RatingV1 } from '../../../shared/rating';
import type { SessionEventV1 } from '../../../shared/record-chain';
import { uuidv7 } from '../../../shared/uuid';
import { openDatabase } from '../../../server/db/connect';
import { PGliteDialect } from '../../../server/db/pglite-dialect';
import type { ServerDatabase } from '../../../server/db/schema';
import type { ServerLimits } from '../../../server/limits';
import { backend, enroll, freshPostgresDatabase, pgliteCopy, startTestServer, type Answer, type TestKiosk, type TestServer } from '../helpers';

export interface IntegrityServer {
  server: TestServer;
  db: Kysely<ServerDatabase>;
  close(): Promise<void>;
}

export async function startIntegrityServer(limits: Partial<ServerLimits> = {}): Promise<IntegrityServer> {
  if (backend === 'postgres') {
    const fresh = await freshPostgresDatabase();
    const server = await startTestServer({ databaseUrl: fresh.url, limits });
    const opened = await openDatabase({ databaseUrl: fresh.url });
    return {
      server,
      db: opened.db,
      async close() {
        await opened.close();
        await server.close();
        await fresh.drop();
      },
    };
  }
  const pglite = await pgliteCopy(true);
  const server = await startTestServer({ pglite, limits });
  // The server owns the PGlite and closes it; this view only reads and writes through it.
  return { server, db: new Kysely<ServerDatabase>({ dialect: new PGliteDialect(pglite) }), close: () => server.close() };
}

/** A kiosk of revision 3: every record it makes carries the link of the one before (docs/protocol.md "Record chain"). */
export class ChainedKiosk {
  head = CHAIN_GENESIS;
  seq = 0;
  session: { id: string; staffId: string } | null = null;

  constructor(readonly kiosk: TestKiosk) {}

  static async enrol(server: TestServer, options: { unitId?: string; counterId?: string } = {}): Promise<ChainedKiosk> {
    return new ChainedKiosk(await enroll(server, options));
  }

  get deviceId(): string {
    return this.kiosk.deviceId;
  }

  private nextSeq(): number {
    this.seq += 1;
    this.kiosk.seq = this.seq;
    return this.seq;
  }

  login(staffId = 'st-000101', counterId = 'ttpvhcc-q01'): SessionEventV1 {
    this.session = { id: uuidv7(this.kiosk.server.clock.now - 120_000), staffId };
    return this.event('login', 'badge', counterId);
  }

  logout(counterId = 'ttpvhcc-q01'): SessionEventV1 {
    const event = this.event('logout', 'manual', counterId);
    this.session = null;
    return event;
  }

  private event(kind: 'login' | 'logout', reason: string, counterId: string): SessionEventV1 {
    const createdAt = this.kiosk.server.clock.now - 90_000;
    const body = { id: uuidv7(createdAt), seq: this.nextSeq(), kind, sessionId: this.session!.id, staffId: this.session!.staffId, counterId, reason, createdAt, clockOffsetMs: 0 };
    const event = { ...body, prevHash: this.head };
    this.head = sessionEventChainHash(this.head, body);
    return event;
  }

  rating(overrides: Partial<RatingV1> = {}): RatingV1 {
    const seq = this.nextSeq();
    const base = this.kiosk.rating({ seq, staffId: this.session?.staffId ?? null, staffSessionId: this.session?.id ?? null, ...overrides });
    const rating = { ...base, prevHash: this.head };
    this.head = ratingChainHash(this.head, rating);
    return rating;
  }

  send(ratings: unknown[], sessionEvents: unknown[] = [], extra: Record<string, unknown> = {}): Promise<Answer> {
    const body = { ...this.kiosk.batch(ratings), ...(sessionEvents.length > 0 ? { sessionEvents } : {}), ...extra };
    return this.kiosk.send('POST', '/ratings/batches', body);
  }
}

export const CONFIG_PATH = `${API_PREFIX}/config`;
