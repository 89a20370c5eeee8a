import type { FastifyInstance } from 'fastify';
import { ConsoleSettingsSchema } from '../../../shared/console/api';
import { writeAudit } from '../audit';
import { clientAddress, parseInput, requireSession } from '../guard';
import type { ConsoleRouteOptions } from '../plugin';
import { readConsoleSettings, writeConsoleSettings } from '../settings';

/** Every signed-in user reads the settings (the console shows "too few ratings" by them); administrators change them. */
export async function settingsRoutes(app: FastifyInstance, { db, now }: ConsoleRouteOptions): Promise<void> {
  app.get('/settings', async (request) => {
    requireSession(request);
    return { settings: await readConsoleSettings(db) };
  });

  app.put('/settings', async (request) => {
    const session = requireSession(request, ['admin']);
    const change = parseInput(ConsoleSettingsSchema.partial(), request.body);
    const at = now();
    const settings = await writeConsoleSettings(db, change, at);
    await writeAudit(db, { actor: session.user, action: 'settings_changed', details: change, address: clientAddress(request), at });
    return { settings };
  });
}
