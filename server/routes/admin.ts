import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RecordId } from '../../shared/schema-helpers';
import type { AdminApi, REMOTE_ADMIN_METHODS } from '../admin-api';
import type { ServerContext } from '../context';
import { HttpError } from '../errors';
import { parseWith, readJson } from '../http/body';
import { RankingTableRequestSchema } from '../reports/ranking-table';
import { ReportTableRequestSchema } from '../reports/table';

export interface AdminRouteOptions extends ServerContext {
  admin: AdminApi;
  /** The bearer token the admin CLI reads from the data folder (server/main.ts). */
  token: string;
}

const noArguments = z.tuple([]);

/**
 * Every call the admin CLI may make, each with the exact arguments of its method: a malformed call
 * is a 400 here and never reaches a query (where it would fail as a 500 with SQL in the log).
 */
const AdminCallSchema = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('importRosterFile'),
    args: z.union([
      z.tuple([z.string().min(1).max(4096)]),
      z.tuple([z.string().min(1).max(4096), z.strictObject({ apply: z.boolean().optional(), deactivateMissing: z.boolean().optional() })]),
    ]),
  }),
  z.strictObject({ method: z.literal('listStaff'), args: z.tuple([RecordId]) }),
  z.strictObject({ method: z.literal('setStaffActive'), args: z.tuple([RecordId, z.boolean()]) }),
  z.strictObject({
    method: z.literal('createEnrollmentCode'),
    args: z.tuple([z.strictObject({ unitId: RecordId, counterId: RecordId.nullable().optional(), days: z.number().positive().max(365).optional() })]),
  }),
  z.strictObject({ method: z.literal('listDevices'), args: noArguments }),
  z.strictObject({ method: z.literal('revokeDevice'), args: z.tuple([RecordId]) }),
  z.strictObject({ method: z.literal('setConfig'), args: z.tuple([z.union([z.literal('*'), RecordId]), z.record(z.string(), z.unknown())]) }),
  z.strictObject({ method: z.literal('counts'), args: noArguments }),
  z.strictObject({ method: z.literal('listConflicts'), args: noArguments }),
  z.strictObject({ method: z.literal('reportTable'), args: z.tuple([ReportTableRequestSchema]) }),
  z.strictObject({ method: z.literal('rankingTable'), args: z.tuple([RankingTableRequestSchema]) }),
  z.strictObject({
    method: z.literal('addConsoleUser'),
    args: z.tuple([
      z.strictObject({
        login: z.string().max(200),
        role: z.string().max(40),
        unitId: RecordId.nullable().optional(),
        password: z.string().max(1024),
        displayName: z.string().max(200).optional(),
      }),
    ]),
  }),
  z.strictObject({
    method: z.literal('evaluationReport'),
    args: z.tuple([z.strictObject({ unitId: RecordId.nullable(), from: z.string().max(10), to: z.string().max(10), format: z.string().max(10) })]),
  }),
  z.strictObject({ method: z.literal('rotateDeviceKey'), args: noArguments }),
  // The day's format is badges.ts's to judge, with its own message; here only its size.
  z.strictObject({ method: z.literal('setOldBadgesUntil'), args: z.tuple([z.string().max(10).nullable()]) }),
  z.strictObject({ method: z.literal('oldBadgesUntil'), args: noArguments }),
  z.strictObject({ method: z.literal('reissueBadge'), args: z.tuple([RecordId]) }),
  z.strictObject({ method: z.literal('currentBadges'), args: z.union([z.tuple([RecordId]), z.tuple([RecordId, z.array(RecordId).max(10_000).nullable()])]) }),
]);
type AdminCall = z.output<typeof AdminCallSchema>;
// Exactly the methods the command line may call on a running server: a method added to one list and not the other fails here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaCoversRemoteMethods: Same<AdminCall['method'], (typeof REMOTE_ADMIN_METHODS)[number]> = true;
void schemaCoversRemoteMethods;

function perform(admin: AdminApi, call: AdminCall): Promise<unknown> {
  switch (call.method) {
    case 'importRosterFile':
      return admin.importRosterFile(call.args[0], call.args[1]);
    case 'listStaff':
      return admin.listStaff(...call.args);
    case 'setStaffActive':
      return admin.setStaffActive(...call.args);
    case 'createEnrollmentCode':
      return admin.createEnrollmentCode(...call.args);
    case 'listDevices':
      return admin.listDevices();
    case 'revokeDevice':
      return admin.revokeDevice(...call.args);
    case 'setConfig':
      return admin.setConfig(...call.args);
    case 'counts':
      return admin.counts();
    case 'listConflicts':
      return admin.listConflicts();
    case 'reportTable':
      return admin.reportTable(...call.args);
    case 'rankingTable':
      return admin.rankingTable(...call.args);
    case 'addConsoleUser':
      return admin.addConsoleUser(...call.args);
    case 'evaluationReport':
      return admin.evaluationReport(...call.args);
    case 'rotateDeviceKey':
      return admin.rotateDeviceKey();
    case 'setOldBadgesUntil':
      return admin.setOldBadgesUntil(...call.args);
    case 'oldBadgesUntil':
      return admin.oldBadgesUntil();
    case 'reissueBadge':
      return admin.reissueBadge(...call.args);
    case 'currentBadges':
      return admin.currentBadges(call.args[0], call.args[1] ?? null);
  }
}

/**
 * POST /call: the admin CLI's way into a running server while it holds PGlite's single-process
 * data folder. Loopback clients with the token only; a listed AdminApi method per call.
 */
export const adminRoutes: FastifyPluginAsync<AdminRouteOptions> = async (app, { admin, token, now, limits }) => {
  const expected = Buffer.from(`Bearer ${token}`);

  // Checked before the body is read: no one else's body is ever buffered.
  const onlyTheAdminCli = async (request: FastifyRequest) => {
    const remote = request.socket.remoteAddress ?? '';
    const presented = Buffer.from(String(request.headers.authorization ?? ''));
    const loopback = remote === '127.0.0.1' || remote === '::1' || remote === '::ffff:127.0.0.1';
    if (!loopback || presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      throw new HttpError(403, 'forbidden', 'administration is only for the local admin CLI');
    }
  };

  app.post('/call', { onRequest: onlyTheAdminCli }, async (request) => {
    const call = parseWith(AdminCallSchema, await readJson(request, limits.maxBodyBytes));
    return { result: await perform(admin, call), serverTime: now() };
  });
};
