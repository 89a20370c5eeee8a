/**
 * The "4 xin, 4 luôn" standard (DOMAIN.md): the eight behaviours a citizen may confirm.
 * Labels are i18n keys; the texts live in the renderer's locale files.
 */
export const CRITERIA_KEYS = [
  'greet',
  'apologise',
  'thank',
  'ask_permission',
  'smile',
  'gentle',
  'listen',
  'help',
] as const;

export type CriterionKey = (typeof CRITERIA_KEYS)[number];

export interface Criterion {
  key: CriterionKey;
  /** "4 xin" (courtesies) or "4 luôn" (constant attitudes). */
  group: 'xin' | 'luon';
  labelKey: `criteria.${CriterionKey}`;
}

export const CRITERIA: readonly Criterion[] = CRITERIA_KEYS.map((key, index) => ({
  key,
  group: index < 4 ? 'xin' : 'luon',
  labelKey: `criteria.${key}` as const,
}));

/** Answer to one criterion: yes, no, or not answered (null). */
export type CriterionAnswer = boolean | null;
export type CriteriaAnswers = Record<CriterionKey, CriterionAnswer>;

export function unansweredCriteria(): CriteriaAnswers {
  return Object.fromEntries(CRITERIA_KEYS.map((key) => [key, null])) as CriteriaAnswers;
}
