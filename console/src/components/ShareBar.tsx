import type { Counts } from '../../../shared/console/api';

/**
 * The three shares as one stacked bar. It is a picture of numbers that stand written beside it,
 * so it is hidden from screen readers; widths are set through the style object (CSSOM), which the
 * console's CSP allows where inline style attributes are refused.
 */
export function ShareBar({ counts }: { counts: Counts }) {
  if (counts.tooFew || counts.ratings === 0) return null;
  const parts = [
    { level: 3, pct: counts.verySatisfiedPct ?? 0 },
    { level: 2, pct: counts.satisfiedPct ?? 0 },
    { level: 1, pct: counts.notSatisfiedPct ?? 0 },
  ];
  return (
    <div className="share-bar" aria-hidden="true">
      {parts.map(({ level, pct }) =>
        pct > 0 ? <span key={level} className={`share share-${level}`} style={{ width: `${pct}%` }} /> : null,
      )}
    </div>
  );
}
