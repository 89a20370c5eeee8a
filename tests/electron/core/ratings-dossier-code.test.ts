/**
 * The unit's dossier-code rule in the core's update path (electron/core/ratings.ts): the same
 * check as the renderer's, so a code sent past the screen is refused too, and changes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../../electron/core/kiosk-core';
import { readRatingV1 } from '../../../electron/core/ratings';
import { updateKioskSettings } from '../../../electron/core/settings';
import type { SubmittedRating } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { demoCore, draft } from './helpers';

const cores: KioskCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
});

function ratedCore() {
  const { core } = demoCore();
  cores.push(core);
  const submitted = core.call('submitRating', draft(3)) as Result<SubmittedRating>;
  if (!submitted.ok) throw new Error(JSON.stringify(submitted.error));
  return { core, id: submitted.value.id };
}

describe('the core keeps the unit’s dossier-code rule', () => {
  it('refuses "A" and "AB" sent past the screen with invalid_input saying what is wrong, and stores nothing', () => {
    const { core, id } = ratedCore();
    for (const dossierCode of ['A', 'ab']) {
      const answer = core.call('updateRating', { id, dossierCode, criteria: { greet: true } });
      expect(answer).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', reason: 'dossier_code', issues: [{ path: 'dossierCode' }] },
      });
      expect(!answer.ok && answer.error.message).toMatch(/not in the form of this unit's dossier codes/);
    }
    const stored = readRatingV1(core.database!, id)!;
    expect(stored.dossierCode).toBeNull();
    expect(stored.criteria.greet).toBeNull(); // the whole update was refused
  });

  it('stores a Vietnamese dossier code, and clearing the code is always allowed', () => {
    const { core, id } = ratedCore();
    expect(core.call('updateRating', { id, dossierCode: ' 000.00.00.h05-240101-0001 ' }).ok).toBe(true);
    expect(readRatingV1(core.database!, id)!.dossierCode).toBe('000.00.00.H05-240101-0001');
    expect(core.call('updateRating', { id, dossierCode: null }).ok).toBe(true);
    expect(readRatingV1(core.database!, id)!.dossierCode).toBeNull();
  });

  it('follows the pattern IT staff set for the unit', () => {
    const { core, id } = ratedCore();
    updateKioskSettings(core.database!, { dossierCodePattern: '^H[0-9]{2}-[0-9]{6}-[0-9]{4}$' }, Date.now());
    expect(core.call('updateRating', { id, dossierCode: '000.00.00.H05-240101-0001' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(core.call('updateRating', { id, dossierCode: 'h31-250114-0042' }).ok).toBe(true);
    expect(readRatingV1(core.database!, id)!.dossierCode).toBe('H31-250114-0042');
  });

  it('never takes an unsafe pattern as a setting', () => {
    const { core } = ratedCore();
    expect(() => updateKioskSettings(core.database!, { dossierCodePattern: '^(A+)+$' }, Date.now())).toThrow();
    expect(core.getKioskState().settings.dossierCodePattern).toMatch(/^\^\(\?=/);
  });
});
