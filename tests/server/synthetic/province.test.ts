import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../../shared/personal-data';
import { SYNTHETIC_COMMENTS, syntheticProvince } from '../../../server/synthetic/province';

describe('the synthetic province', () => {
  const province = syntheticProvince();

  it('has the shape of Bắc Giang: a centre with eight departments, ten districts and 181 communes under them', () => {
    const { units } = province;
    expect(units).toHaveLength(200);
    expect(new Set(units.map((u) => u.id)).size).toBe(200);
    const byLevel = (level: string) => units.filter((u) => u.level === level);
    expect(byLevel('province')).toHaveLength(1);
    expect(byLevel('department').every((d) => d.parentId === byLevel('province')[0]!.id)).toBe(true);
    expect(byLevel('district')).toHaveLength(10);
    expect(byLevel('district').every((d) => d.parentId === null)).toBe(true);
    const districts = new Set(byLevel('district').map((d) => d.id));
    expect(byLevel('commune')).toHaveLength(181);
    expect(byLevel('commune').every((c) => districts.has(c.parentId!))).toBe(true);
    expect(new Set(byLevel('commune').map((c) => c.name)).size).toBe(181);
  });

  it('has 1,000 counters of both desk roles and 3,000 officers with Vietnamese names, at their unit’s counters', () => {
    const { counters, staff, units } = province;
    expect(counters).toHaveLength(1000);
    expect(counters.filter((c) => c.deskRole === 'results').length).toBeGreaterThan(250);
    expect(units.every((u) => counters.some((c) => c.unitId === u.id))).toBe(true);
    expect(staff).toHaveLength(3000);
    const counterUnit = new Map(counters.map((c) => [c.id, c.unitId]));
    expect(staff.every((o) => counterUnit.get(o.counterId) === o.unitId)).toBe(true);
    expect(staff.every((o) => /^\p{Lu}\p{Ll}* (\p{Lu}\p{Ll}* ?){2,3}$/u.test(o.fullName))).toBe(true);
    expect(staff.filter((o) => o.fullName.startsWith('Nguyễn ')).length).toBeGreaterThan(900);
  });

  it('skews volume and quality: some officers serve far more citizens, and some units are clearly worse', () => {
    const weights = province.staff.map((o) => o.weight).sort((a, b) => a - b);
    expect(weights.at(-1)! / weights[Math.floor(weights.length / 2)]!).toBeGreaterThan(4);
    const qualities = province.staff.map((o) => o.quality);
    expect(qualities.filter((q) => q < 0.6).length).toBeGreaterThan(100);
    expect(qualities.filter((q) => q > 0.8).length).toBeGreaterThan(1500);
  });

  it('is the same province every time', () => {
    expect(syntheticProvince()).toEqual(province);
  });

  it('has twenty comments per score, with tones, a few with personal data to mask', () => {
    for (const score of [1, 2, 3] as const) expect(SYNTHETIC_COMMENTS[score]).toHaveLength(20);
    const all = Object.values(SYNTHETIC_COMMENTS).flat();
    expect(all.every((c) => /[\u0300-\u036f]/.test(c.normalize('NFD')))).toBe(true);
    expect(all.filter((c) => maskPersonalData(c).masked > 0).length).toBe(4);
  });
});
