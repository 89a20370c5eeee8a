import { describe, expect, it } from 'vitest';
import { installDecision, judgeOffer, signedFileFor, FLOW_RETRY_MS } from '../../../electron/main/update-policy';
import { generateReleaseKeyPair, parseReleasePublicKey, signReleaseManifest } from '../../../shared/node/release-signing';
import type { ReleaseManifest } from '../../../shared/release';

const keys = generateReleaseKeyPair();
const pinned = parseReleasePublicKey(keys.publicKey)!;
const file = { url: 'nu-cuoi-setup-0.2.0-x64.exe', sha512: Buffer.alloc(64, 1).toString('base64'), size: 1000 };
const manifest: ReleaseManifest = { version: '0.2.0', files: [file] };
/** latest.yml as the feed serves it, as electron-updater hands it over. */
const offer = (fields: Record<string, unknown> = {}, m: ReleaseManifest = manifest) => ({
  version: m.version,
  files: m.files.map((f) => ({ ...f, isAdminRightsRequired: true })),
  path: m.files[0]!.url,
  releaseDate: '2026-11-20T09:00:00.000Z',
  nuCuoiSignature: signReleaseManifest(m, keys.privateKeyPem),
  ...fields,
});

describe('an offered update', () => {
  it('is accepted when newer and signed with the pinned key', () => {
    expect(judgeOffer(offer(), '0.1.0', pinned)).toEqual({ accept: true, manifest, signature: offer().nuCuoiSignature, downgrade: false });
  });

  it('is refused, as untrustworthy, when unsigned, signed with another key, or changed after signing', () => {
    const other = generateReleaseKeyPair();
    for (const [name, candidate] of [
      ['unsigned', offer({ nuCuoiSignature: undefined })],
      ['another key', offer({ nuCuoiSignature: signReleaseManifest(manifest, other.privateKeyPem) })],
      ['another sha512', { ...offer(), files: [{ ...file, sha512: Buffer.alloc(64, 2).toString('base64') }] }],
      ['another version', { ...offer(), version: '0.2.1' }],
    ] as const) {
      expect(judgeOffer(candidate, '0.1.0', pinned), name).toMatchObject({ accept: false, refused: true });
    }
  });

  it('that is older is taken only when IT pinned it (a rollback), and the same version never', () => {
    expect(judgeOffer(offer(), '0.3.0', pinned)).toMatchObject({ accept: false, refused: false, reason: expect.stringMatching(/older/) });
    expect(judgeOffer(offer({ nuCuoiPinned: true }), '0.3.0', pinned)).toMatchObject({ accept: true, downgrade: true });
    expect(judgeOffer(offer({ nuCuoiPinned: 'true' }), '0.3.0', pinned)).toMatchObject({ accept: false });
    expect(judgeOffer(offer({ nuCuoiPinned: true }), '0.2.0', pinned)).toMatchObject({ accept: false, refused: false });
  });

  it('whose manifest is not one is refused', () => {
    expect(judgeOffer({ ...offer(), files: [{ url: '../x.exe', sha512: file.sha512, size: 1 }] }, '0.1.0', pinned)).toMatchObject({ accept: false, refused: true });
  });
});

describe('a downloaded file', () => {
  it('is the signed one only with the same sha512 and size', () => {
    expect(signedFileFor(manifest, { sha512: file.sha512, size: 1000 })).toEqual(file);
    expect(signedFileFor(manifest, { sha512: file.sha512, size: 999 })).toBeNull();
    expect(signedFileFor(manifest, { sha512: Buffer.alloc(64, 3).toString('base64'), size: 1000 })).toBeNull();
  });
});

describe('installing', () => {
  const vn = (h: number, m: number) => Date.UTC(2026, 10, 23, h - 7, m);
  const quietHours = ['12:00-13:00', '17:30-07:00'];

  it('waits outside the quiet hours, until the next one starts', () => {
    expect(installDecision({ now: vn(9, 30), quietHours, ratingFlowOpen: false })).toEqual({ install: false, waitingFor: 'quiet_hours', retryAt: vn(12, 0) });
    expect(installDecision({ now: vn(9, 30), quietHours: [], ratingFlowOpen: false })).toEqual({ install: false, waitingFor: 'quiet_hours', retryAt: null });
  });

  it('waits in the quiet hours while a rating flow is open, and looks again a minute later', () => {
    expect(installDecision({ now: vn(12, 10), quietHours, ratingFlowOpen: true })).toEqual({ install: false, waitingFor: 'rating_flow', retryAt: vn(12, 10) + FLOW_RETRY_MS });
  });

  it('installs in the quiet hours with no flow open, the night included', () => {
    expect(installDecision({ now: vn(12, 10), quietHours, ratingFlowOpen: false })).toEqual({ install: true });
    expect(installDecision({ now: vn(2, 0), quietHours, ratingFlowOpen: false })).toEqual({ install: true });
  });
});
