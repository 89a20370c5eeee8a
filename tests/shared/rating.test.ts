import { describe, expect, it } from 'vitest';
import { RatingDetailsUpdateSchema, RatingDraftSchema, RatingV1Schema } from '../../shared/rating';
import { uuidv7 } from '../../shared/uuid';

const draft = { flowId: uuidv7(), scale: 'vn3', score: 3, locale: 'vi' } as const;

describe('Rating schemas', () => {
  it('accepts a one-tap draft', () => {
    expect(RatingDraftSchema.parse(draft)).toEqual(draft);
  });

  it.each([
    ['an unknown score', { ...draft, score: 4 }],
    ['a score as text', { ...draft, score: '3' }],
    ['an unknown scale', { ...draft, scale: 'stars5' }],
    ['an unknown locale', { ...draft, locale: 'fr' }],
    ['a flow id that is not a UUIDv7', { ...draft, flowId: 'abc' }],
    ['an unknown field', { ...draft, staffId: 'st-000101' }],
    ['a negative duration', { ...draft, durationMs: -1 }],
    ['no score', { flowId: draft.flowId, scale: 'vn3', locale: 'vi' }],
    ['null', null],
    ['an array', [draft]],
  ])('refuses a draft with %s', (_label, input) => {
    expect(RatingDraftSchema.safeParse(input).success).toBe(false);
  });

  it('refuses unknown criteria keys and non-boolean answers', () => {
    const id = uuidv7();
    expect(RatingDetailsUpdateSchema.safeParse({ id, criteria: { greet: true, hug: true } }).success).toBe(false);
    expect(RatingDetailsUpdateSchema.safeParse({ id, criteria: { greet: 'yes' } }).success).toBe(false);
    expect(RatingDetailsUpdateSchema.safeParse({ id, criteria: { greet: true, listen: null } }).success).toBe(true);
  });

  it('counts a comment in characters after NFC and refuses more than 500', () => {
    const id = uuidv7();
    const decomposed500 = 'ệ'.normalize('NFD').repeat(500); // 1000+ code units, 500 characters
    const parsed = RatingDetailsUpdateSchema.parse({ id, comment: decomposed500 });
    expect(parsed.comment).toBe('ệ'.repeat(500));
    expect(RatingDetailsUpdateSchema.safeParse({ id, comment: 'a'.repeat(501) }).success).toBe(false);
  });

  it('refuses comments and dossier codes with NUL or control characters', () => {
    const id = uuidv7();
    expect(RatingDetailsUpdateSchema.safeParse({ id, comment: 'tốt\u0000' }).success).toBe(false);
    expect(RatingDetailsUpdateSchema.safeParse({ id, dossierCode: 'H01\u0007' }).success).toBe(false);
  });

  it('keeps markup in a comment as plain text', () => {
    const id = uuidv7();
    const comment = '<script>alert("x")</script> <b>tốt</b>';
    expect(RatingDetailsUpdateSchema.parse({ id, comment }).comment).toBe(comment);
  });

  it('normalises dossier codes to upper case and refuses odd characters', () => {
    const id = uuidv7();
    expect(RatingDetailsUpdateSchema.parse({ id, dossierCode: ' 000.00.16.h06-261121-0001 ' }).dossierCode).toBe(
      '000.00.16.H06-261121-0001',
    );
    expect(RatingDetailsUpdateSchema.safeParse({ id, dossierCode: "1'; DROP TABLE x" }).success).toBe(false);
  });

  it('describes a full Rating v1 record', () => {
    const rating = {
      id: uuidv7(),
      deviceId: 'dev-1',
      seq: 1,
      unitId: 'bg-ttpvhcc',
      counterId: 'ttpvhcc-q01',
      deskRole: 'reception',
      staffId: 'st-000101',
      staffSessionId: uuidv7(),
      createdAt: Date.UTC(2026, 10, 21),
      clockOffsetMs: null,
      scale: 'vn3',
      score: 1,
      criteria: { greet: false, apologise: null, thank: null, ask_permission: null, smile: false, gentle: null, listen: true, help: null },
      comment: null,
      dossierCode: null,
      locale: 'vi',
      durationMs: 4200,
      appVersion: '0.1.0',
    };
    expect(RatingV1Schema.parse(rating)).toEqual(rating);
    expect(RatingV1Schema.safeParse({ ...rating, criteria: { greet: true } }).success).toBe(false);
    expect(RatingV1Schema.safeParse({ ...rating, createdAt: -1 }).success).toBe(false);
    // A kiosk clock reset to 2001 still makes a valid rating: the server judges the corrected time.
    expect(RatingV1Schema.safeParse({ ...rating, createdAt: Date.UTC(2001, 0, 1) }).success).toBe(true);
  });
});
