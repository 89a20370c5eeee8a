/**
 * The alternating-phase harness of the ingest benchmarks (rollup-ingest, integrity-ingest,
 * gaming-flags-ingest): the same work measured with a feature on and off in one run on one
 * database, phases alternating off, on, on, off, off, on, … so that both sides see the same drift
 * of the machine and of the tables. A warm-up phase of each side (caches, the planner) runs first
 * and is not counted.
 */
export async function alternatingPhases<Rate>(phases: number, phase: (on: boolean) => Promise<Rate>): Promise<Record<'on' | 'off', Rate[]>> {
  await phase(true);
  await phase(false);
  const rates: Record<'on' | 'off', Rate[]> = { on: [], off: [] };
  for (let i = 0; i < phases; i++) {
    const on = i % 4 === 1 || i % 4 === 2;
    rates[on ? 'on' : 'off'].push(await phase(on));
  }
  return rates;
}
