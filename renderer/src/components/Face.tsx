import type { Vn3Score } from '../../../shared/scales';

const MOUTHS: Record<Vn3Score, string> = {
  3: 'M30 62 Q50 84 70 62', // broad smile
  2: 'M33 64 Q50 74 67 64', // gentle smile
  1: 'M33 72 Q50 58 67 72', // frown
};
const COLOURS: Record<Vn3Score, string> = { 3: '#1b7f3b', 2: '#2f6db3', 1: '#b3261e' };

/** A face of the vn3 scale, drawn as SVG so that it looks the same on every kiosk (no emoji font). */
export function Face({ score, size = 120 }: { score: Vn3Score; size?: number }) {
  const colour = COLOURS[score];
  return (
    <svg width={size} height={size} viewBox="0 0 100 100" aria-hidden="true" focusable="false">
      <circle cx="50" cy="50" r="46" fill="#fff" stroke={colour} strokeWidth="6" />
      <circle cx="36" cy="40" r="6" fill={colour} />
      <circle cx="64" cy="40" r="6" fill={colour} />
      <path d={MOUTHS[score]} fill="none" stroke={colour} strokeWidth="6" strokeLinecap="round" />
    </svg>
  );
}
