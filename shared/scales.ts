/**
 * Rating scales. `vn3` is the national three-level scale of Thông tư 01/2018/TT-VPCP:
 * 1 = Không hài lòng, 2 = Hài lòng, 3 = Rất hài lòng.
 */
export const SCALES = {
  vn3: {
    levels: [
      { score: 3, labelKey: 'scale.vn3.3', face: 'very_satisfied' },
      { score: 2, labelKey: 'scale.vn3.2', face: 'satisfied' },
      { score: 1, labelKey: 'scale.vn3.1', face: 'not_satisfied' },
    ],
    /** Scores counted as "satisfied" in aggregates. */
    satisfiedFrom: 2,
  },
} as const;

export type ScaleId = keyof typeof SCALES;
export type Vn3Score = 1 | 2 | 3;
export const VN3_SCORES: readonly Vn3Score[] = [3, 2, 1];
export const VN3_NOT_SATISFIED: Vn3Score = 1;
