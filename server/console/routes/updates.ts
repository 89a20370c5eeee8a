import type { FastifyInstance } from 'fastify';
import {
  AssignRingRequestSchema,
  PinRingRequestSchema,
  PromoteReleaseRequestSchema,
  UpdatesPausedRequestSchema,
} from '../../../shared/console/updates';
import { HttpError } from '../../errors';
import type { ReleaseAdmin } from '../../updates/release-admin';
import { writeAudit } from '../audit';
import { ConsoleError } from '../errors';
import { clientAddress, parseInput, requireSession } from '../guard';
import type { ConsoleRouteOptions } from '../plugin';

/** IT staff run the fleet's updates (DOMAIN "Units and roles"); nobody else changes or reads them here. */
const IT = ['it'] as const;

/**
 * Kiosk updates for IT staff: the status `npm run admin -- releases` prints, and the same changes
 * (pause, promote, pin, rings), each audited. Uploading a release stays on the command line: it
 * needs the province's private release key, which never reaches the server or a browser.
 */
export async function updateRoutes(app: FastifyInstance, { db, now, releases }: ConsoleRouteOptions): Promise<void> {
  const admin = (): ReleaseAdmin => {
    if (!releases) throw new ConsoleError(404, 'not_found');
    return releases;
  };

  app.get('/updates', async (request) => {
    requireSession(request, IT);
    return admin().status();
  });

  app.put('/updates/paused', async (request) => {
    const session = requireSession(request, IT);
    const { paused } = parseInput(UpdatesPausedRequestSchema, request.body);
    await admin().setPaused(paused);
    await writeAudit(db, { actor: session.user, action: 'updates_changed', details: { paused }, address: clientAddress(request), at: now() });
    return { paused };
  });

  app.post('/updates/promote', async (request) => {
    const session = requireSession(request, IT);
    const { version } = parseInput(PromoteReleaseRequestSchema, request.body);
    await asConsoleError(admin().promote(version), { version });
    await writeAudit(db, { actor: session.user, action: 'updates_changed', details: { promoted: version }, address: clientAddress(request), at: now() });
    return { promoted: version };
  });

  app.put('/updates/pins', async (request) => {
    const session = requireSession(request, IT);
    const { ring, version } = parseInput(PinRingRequestSchema, request.body);
    await asConsoleError(admin().pin(ring, version), { version });
    await writeAudit(db, { actor: session.user, action: 'updates_changed', details: { ring, pinned: version }, address: clientAddress(request), at: now() });
    return { ring, pinnedVersion: version };
  });

  app.put('/updates/rings', async (request) => {
    const session = requireSession(request, IT);
    const { target, ring } = parseInput(AssignRingRequestSchema, request.body);
    await asConsoleError(admin().assignRing(target, ring), target);
    await writeAudit(db, { actor: session.user, action: 'updates_changed', details: { ...target, ring }, address: clientAddress(request), at: now() });
    return { target, ring };
  });
}

/**
 * The release admin's refusals (written for the command line, in English) as the console's
 * translated errors, naming what the user asked for.
 */
async function asConsoleError<T>(work: Promise<T>, asked: { version?: string | null; unitId?: string; deviceId?: string }): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof HttpError) || error instanceof ConsoleError) throw error;
    if (error.code === 'unknown_version') throw new ConsoleError(404, 'unknown_version', { version: asked.version ?? '' }, 'version');
    if (error.code === 'unknown_unit') throw new ConsoleError(404, 'unknown_unit', { unit: asked.unitId ?? '' }, 'target');
    if (error.code === 'unknown_device') throw new ConsoleError(404, 'unknown_device', { device: asked.deviceId ?? '' }, 'target');
    throw error;
  }
}
