import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../../../console/src/i18n/locales/en.json';
import vi from '../../../console/src/i18n/locales/vi.json';
import { periodDays, periodLabel } from '../../../console/src/periods/period-label';

const i18n = i18next.createInstance();
await i18n.init({ resources: { vi: { translation: vi }, en: { translation: en } }, lng: 'vi', interpolation: { escapeValue: false } });
const CAMPAIGNS = [{ id: 'c2', name: 'Tổng kết 2021–2025', from: '2021-04-28', to: '2025-12-31' }];

describe('a period in words', () => {
  it('in Vietnamese', () => {
    const t = i18n.getFixedT('vi');
    expect(periodLabel({ kind: 'month', from: '2026-02-01', to: '2026-02-28' }, t)).toBe('Tháng 2/2026');
    expect(periodLabel({ kind: 'quarter', from: '2026-10-01', to: '2026-12-31' }, t)).toBe('Quý 4/2026');
    expect(periodLabel({ kind: 'year', from: '2026-01-01', to: '2026-12-31' }, t)).toBe('Năm 2026');
    expect(periodLabel({ kind: 'week', from: '2026-11-16', to: '2026-11-22' }, t)).toBe('Tuần 16/11/2026 – 22/11/2026');
    expect(periodLabel({ kind: 'day', from: '2026-11-21', to: '2026-11-21' }, t)).toBe('21/11/2026');
    expect(periodLabel({ kind: 'campaign', from: '2021-04-28', to: '2025-12-31' }, t, CAMPAIGNS)).toBe('Tổng kết 2021–2025');
    expect(periodLabel({ kind: 'campaign', from: '2021-04-28', to: '2022-12-31' }, t, CAMPAIGNS)).toBe('28/04/2021 – 31/12/2022');
    expect(periodDays({ kind: 'month', from: '2026-02-01', to: '2026-02-28' }, t)).toBe('01/02/2026 – 28/02/2026');
    expect(periodDays({ kind: 'day', from: '2026-11-21', to: '2026-11-21' }, t)).toBe('21/11/2026');
  });

  it('in English', () => {
    const t = i18n.getFixedT('en');
    expect(periodLabel({ kind: 'quarter', from: '2026-10-01', to: '2026-12-31' }, t)).toBe('Q4 2026');
    expect(periodLabel({ kind: 'year', from: '2026-01-01', to: '2026-12-31' }, t)).toBe('Year 2026');
    expect(periodLabel({ kind: 'range', from: '2025-03-15', to: '2025-09-02' }, t)).toBe('15/03/2025 – 02/09/2025');
  });
});
