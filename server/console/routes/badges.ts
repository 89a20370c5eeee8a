import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import { BADGE_ROLES, BadgeSheetRequestSchema, PIN_ROLES, SetPinRequestSchema, type ReissuedBadge, type UnitBadges } from '../../../shared/console/badges';
import { hashPin } from '../../../shared/node/pin-hash';
import { RecordId } from '../../../shared/schema-helpers';
import type { ServerDb } from '../../db/connect';
import { badgeCards, badgeSheetHtml } from '../../badge-sheet';
import { currentBadges, reissueBadge } from '../../badges';
import { HttpError } from '../../errors';
import { printPdf } from '../../evaluation/pdf';
import { cleanPhoto, PHOTO_MAX_BYTES, PHOTO_MAX_INPUT_SIDE, PhotoError } from '../../photos';
import { writeAudit } from '../audit';
import { ConsoleError } from '../errors';
import { clientAddress, parseInput, requireSession } from '../guard';
import type { ConsoleRouteOptions } from '../plugin';
import { UserScope } from '../scope';

const IdParams = z.object({ id: RecordId });
/** Above the photo limit, so that a photo a little too big is refused by photos.ts with its own message. */
const PHOTO_BODY_LIMIT = PHOTO_MAX_BYTES * 3;

/** An officer by id with their unit, or 404 naming them (the same for one outside the user's scope: 403 after). */
export async function requireStaff(db: ServerDb, staffId: string) {
  const staff = await db.selectFrom('staff').select(['id', 'unit_id', 'full_name', 'active']).where('id', '=', staffId).executeTakeFirst();
  if (!staff) throw new ConsoleError(404, 'unknown_staff', { staff: staffId });
  return staff;
}

/**
 * Badges in the console (docs/badges.md "In the console"): a unit's staff with their badge's issue
 * (never a code), reissuing one officer's badge — the new code answered once, to print, and the old
 * one stops at every kiosk of the unit at its next roster pull — and badge sheets as PDF, the same
 * sheet as `npm run badges`. IT staff and the province everywhere, a unit head within their units;
 * every reissue and every sheet is audited (who, which officers; never a code).
 */
export async function badgeRoutes(app: FastifyInstance, { db, now, keys }: ConsoleRouteOptions): Promise<void> {
  app.get('/badges/units/:id', async (request): Promise<UnitBadges> => {
    const session = requireSession(request, BADGE_ROLES);
    const { id } = parseInput(IdParams, request.params);
    const unit = (await UserScope.of(db, session.user)).requireUnit(id);
    // By the name's search key (shared/text.ts searchKey: Đ with D, tones aside), as `admin staff --unit` lists them.
    const rows = await db.selectFrom('staff').select(['id', 'full_name', 'title', 'active', 'badge_issue', 'pin_hash', 'pin_set_at', 'pin_set_by_device', 'photo']).where('unit_id', '=', id).orderBy('name_key').orderBy('id').execute();
    return {
      unitId: unit.id,
      unitName: unit.name,
      staff: rows.map((row) => ({
        staffId: row.id,
        fullName: row.full_name,
        title: row.title,
        active: row.active,
        issue: row.badge_issue,
        hasPin: row.pin_hash !== null,
        pinSetAt: row.pin_set_at === null ? null : Number(row.pin_set_at),
        pinSetAtKiosk: row.pin_set_by_device !== null,
        hasPhoto: row.photo !== null,
      })),
    };
  });

  app.post('/badges/staff/:id/reissue', async (request): Promise<{ badge: ReissuedBadge }> => {
    const session = requireSession(request, BADGE_ROLES);
    const { id } = parseInput(IdParams, request.params);
    const staff = await requireStaff(db, id);
    (await UserScope.of(db, session.user)).requireUnit(staff.unit_id);
    const at = now();
    const issued = await reissueBadge(db, keys, id, at);
    await writeAudit(db, { actor: session.user, action: 'badge_reissued', details: { staffId: id, unitId: staff.unit_id, issue: issued.issue }, address: clientAddress(request), at });
    const qrSvg = await QRCode.toString(issued.code, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
    return { badge: { staffId: issued.staffId, fullName: issued.fullName, title: issued.title, issue: issued.issue, code: issued.code, qrSvg } };
  });

  /**
   * An officer's PIN, set by their unit head or IT staff: only its salted hash is stored and sent to
   * the unit's kiosks in the roster; the PIN is in no answer, no audit entry and no log.
   */
  app.put('/badges/staff/:id/pin', async (request) => {
    const session = requireSession(request, PIN_ROLES);
    const { id } = parseInput(IdParams, request.params);
    const staff = await requireStaff(db, id);
    (await UserScope.of(db, session.user)).requireUnit(staff.unit_id);
    // Checked here, not by parseInput: its message would quote what was typed.
    const input = SetPinRequestSchema.safeParse(request.body);
    if (!input.success) throw new ConsoleError(400, 'invalid_pin', {}, 'pin');
    const at = now();
    await db.updateTable('staff').set({ pin_hash: hashPin(input.data.pin), pin_set_at: at, pin_set_by_device: null }).where('id', '=', id).execute();
    await writeAudit(db, { actor: session.user, action: 'staff_pin_set', details: { staffId: id, unitId: staff.unit_id }, address: clientAddress(request), at });
    return { staffId: id, hasPin: true, pinSetAt: at };
  });

  app.delete('/badges/staff/:id/pin', async (request) => {
    const session = requireSession(request, PIN_ROLES);
    const { id } = parseInput(IdParams, request.params);
    const staff = await requireStaff(db, id);
    (await UserScope.of(db, session.user)).requireUnit(staff.unit_id);
    const at = now();
    await db.updateTable('staff').set({ pin_hash: null, pin_set_at: at, pin_set_by_device: null }).where('id', '=', id).execute();
    await writeAudit(db, { actor: session.user, action: 'staff_pin_cleared', details: { staffId: id, unitId: staff.unit_id }, address: clientAddress(request), at });
    return { staffId: id, hasPin: false, pinSetAt: at };
  });

  // Photos come as the image's own bytes (image/jpeg or image/png), not JSON: a parser for this scope only.
  await app.register(async (photos) => {
    photos.addContentTypeParser(['image/jpeg', 'image/png'], { parseAs: 'buffer', bodyLimit: PHOTO_BODY_LIMIT }, (_request, body, done) => done(null, body));

    /** An officer's photo: decoded, scaled and encoded again on the server (photos.ts), so nothing of the file but its pixels is kept. */
    photos.put('/badges/staff/:id/photo', async (request) => {
      const session = requireSession(request, BADGE_ROLES);
      const { id } = parseInput(IdParams, request.params);
      const staff = await requireStaff(db, id);
      (await UserScope.of(db, session.user)).requireUnit(staff.unit_id);
      if (!Buffer.isBuffer(request.body)) throw new ConsoleError(400, 'photo_not_image', {}, 'photo');
      let photo: ReturnType<typeof cleanPhoto>;
      try {
        photo = cleanPhoto(request.body);
      } catch (error) {
        if (error instanceof PhotoError) throw new ConsoleError(400, error.reason, { maxMb: PHOTO_MAX_BYTES / 1024 / 1024, maxSide: PHOTO_MAX_INPUT_SIDE }, 'photo');
        throw error;
      }
      const at = now();
      await db.updateTable('staff').set({ photo: photo.dataUrl }).where('id', '=', id).execute();
      await writeAudit(db, { actor: session.user, action: 'staff_photo_set', details: { staffId: id, unitId: staff.unit_id, width: photo.width, height: photo.height }, address: clientAddress(request), at });
      return { staffId: id, photo: photo.dataUrl, width: photo.width, height: photo.height };
    });
  });

  app.delete('/badges/staff/:id/photo', async (request) => {
    const session = requireSession(request, BADGE_ROLES);
    const { id } = parseInput(IdParams, request.params);
    const staff = await requireStaff(db, id);
    (await UserScope.of(db, session.user)).requireUnit(staff.unit_id);
    const at = now();
    await db.updateTable('staff').set({ photo: null }).where('id', '=', id).execute();
    await writeAudit(db, { actor: session.user, action: 'staff_photo_cleared', details: { staffId: id, unitId: staff.unit_id }, address: clientAddress(request), at });
    return { staffId: id, photo: null };
  });

  app.post('/badges/sheet', async (request, reply) => {
    const session = requireSession(request, BADGE_ROLES);
    const input = parseInput(BadgeSheetRequestSchema, request.body);
    (await UserScope.of(db, session.user)).requireUnit(input.unitId);
    const at = now();
    let sheet: Awaited<ReturnType<typeof currentBadges>>;
    try {
      sheet = await currentBadges(db, keys, input.unitId, input.staffIds ? [...new Set(input.staffIds)] : null, at);
    } catch (error) {
      if (error instanceof HttpError && error.code === 'unknown_staff') throw new ConsoleError(404, 'unknown_staff', { staff: (input.staffIds ?? []).join(', ') }, 'staffIds');
      throw error;
    }
    const { cards, skipped } = badgeCards(sheet.badges);
    if (cards.length === 0) throw new ConsoleError(400, 'no_printable_badge', {}, 'staffIds');
    let pdf: Buffer;
    try {
      pdf = await printPdf(await badgeSheetHtml(sheet.unitName, cards));
    } catch (error) {
      if (error instanceof HttpError && (error.code === 'pdf_unavailable' || error.code === 'pdf_timeout')) throw new ConsoleError(503, 'pdf_unavailable');
      throw error;
    }
    await writeAudit(db, {
      actor: session.user,
      action: 'badge_sheet_printed',
      details: { unitId: input.unitId, printed: cards.map((card) => card.staffId), skipped: skipped.length },
      address: clientAddress(request),
      at,
    });
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="the-${input.unitId}.pdf"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(pdf);
  });
}
