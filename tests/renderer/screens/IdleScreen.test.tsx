import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { KioskState } from '../../../shared/contract';
import { DEFAULT_KIOSK_SETTINGS } from '../../../shared/settings';
import { initI18n } from '../../../renderer/src/i18n';
import vi from '../../../renderer/src/i18n/locales/vi.json';
import { IdleScreen } from '../../../renderer/src/screens/IdleScreen';

initI18n();

const state: KioskState = {
  deviceId: 'device-1',
  appVersion: '0.0.0-test',
  unit: { id: 'ttpvhcc', name: 'Trung tâm Phục vụ hành chính công tỉnh' },
  counter: { id: 'ttpvhcc-q01', name: 'Quầy 01 – Sở Tư pháp', deskRole: 'reception' },
  officer: { staffId: 'st-000101', staffSessionId: 's-1', fullName: 'Nguyễn Thị Thu Hà', title: 'Chuyên viên', photo: null, since: 0 },
  ratingEnabled: true,
  settings: DEFAULT_KIOSK_SETTINGS,
  storage: { ok: true, error: null, movedAside: [] },
  screenReloadRequestedAt: null,
  stats: { storedRatings: 0, pendingSync: 0, lastRating: null, refusedRatings: 0 },
};

const faces = (html: string) => [...html.matchAll(/<button[^>]*data-testid="face-(\d)"[^>]*>/g)].map(([tag, score]) => ({ score, disabled: / disabled=""/.test(tag) }));

describe('the idle screen', () => {
  it('in the cooldown after a rating, shows every face disabled and says why (taps make nothing)', () => {
    const html = renderToStaticMarkup(<IdleScreen state={state} saving={false} coolingDown onRate={() => undefined} />);
    expect(faces(html)).toEqual([
      { score: '3', disabled: true },
      { score: '2', disabled: true },
      { score: '1', disabled: true },
    ]);
    expect(html).toMatch(new RegExp(`data-testid="cooldown"[^>]*>${vi.idle.cooldown}<`));
  });

  it('out of the cooldown, offers the three faces and the one-tap hint', () => {
    const html = renderToStaticMarkup(<IdleScreen state={state} saving={false} coolingDown={false} onRate={() => undefined} />);
    expect(faces(html).map((face) => face.disabled)).toEqual([false, false, false]);
    expect(html).not.toContain('data-testid="cooldown"');
    expect(html).toContain(vi.idle.oneTap);
  });
});
