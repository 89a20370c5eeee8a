/** The roster API's requests (shared/console/roster.ts), parsed by the server. */
import { z } from 'zod';
import { DeskRoleSchema } from '../rating';
import { ROSTER_FILE_MAX_BYTES } from '../roster-import';
import { cleanText, RecordId } from '../schema-helpers';
import { ROSTER_STATUS_FILTERS, UNIT_LEVELS } from './roster';

const name = (max: number) => cleanText(max).pipe(z.string().trim().min(1, 'must not be empty'));
const singleLine = (max: number) => cleanText(max).pipe(z.string().trim().refine((text) => !/[\n\t]/.test(text), 'must be one line'));

export const RosterListQuerySchema = z.strictObject({
  q: z.string().max(100).optional(),
  unit: RecordId.optional(),
  status: z.enum(ROSTER_STATUS_FILTERS).default('all'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

export const RecordIdParams = z.strictObject({ id: RecordId });

export const NewUnitSchema = z.strictObject({ id: RecordId, name: name(200).pipe(singleLine(200)), level: z.enum(UNIT_LEVELS), parentId: RecordId.nullable() });
export const UnitChangeSchema = z
  .strictObject({ name: name(200).pipe(singleLine(200)), level: z.enum(UNIT_LEVELS), parentId: RecordId.nullable(), active: z.boolean() })
  .partial();

export const NewCounterSchema = z.strictObject({ id: RecordId.optional(), unitId: RecordId, name: name(200).pipe(singleLine(200)), deskRole: DeskRoleSchema });
export const CounterChangeSchema = z.strictObject({ unitId: RecordId, name: name(200).pipe(singleLine(200)), deskRole: DeskRoleSchema, active: z.boolean() }).partial();

export const NewStaffSchema = z.strictObject({ id: RecordId.optional(), unitId: RecordId, fullName: name(120).pipe(singleLine(120)), title: singleLine(200) });
export const StaffChangeSchema = z.strictObject({ unitId: RecordId, fullName: name(120).pipe(singleLine(120)), title: singleLine(200), active: z.boolean() }).partial();

/** A file sent for a preview, or again with the previewed plan's id to confirm it. */
export const RosterImportRequestSchema = z.strictObject({
  fileName: z.string().min(1).max(200),
  contentBase64: z
    .string()
    .max(Math.ceil((ROSTER_FILE_MAX_BYTES * 4) / 3) + 8)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
  deactivateMissing: z.boolean(),
  planId: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});
/** Large enough for the largest file the import reads, in base64, and its envelope. */
export const ROSTER_IMPORT_BODY_LIMIT = Math.ceil((ROSTER_FILE_MAX_BYTES * 4) / 3) + 4096;
