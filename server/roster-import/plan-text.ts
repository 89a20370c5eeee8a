import { describeRosterProblem, ROSTER_RECORD_KINDS, rowPlace, type RosterImportResult } from '../../shared/roster-import';

const KIND_NAMES = { unit: 'units', counter: 'counters', staff: 'staff' } as const;

/**
 * A plan as the command line prints it (`import-roster`): the numbers per kind, each row that adds,
 * changes or is refused (unchanged rows only counted), the staff missing from the file, and what
 * happened. Names come from HR's file: the caller escapes control characters for the terminal.
 */
export function planText(result: RosterImportResult, asked: { apply: boolean }): string {
  const { plan } = result;
  const lines = [`plan for ${plan.fileName} (sha256 ${plan.fileSha256.slice(0, 12)}…):`];
  for (const kind of ROSTER_RECORD_KINDS) {
    const c = plan.counts[kind];
    if (c.add + c.change + c.unchanged + c.refused === 0) continue;
    lines.push(`  ${KIND_NAMES[kind].padEnd(9)} add ${c.add}, change ${c.change}, unchanged ${c.unchanged}, refused ${c.refused}`);
  }
  if (plan.ignoredRows > 0) lines.push(`  ${plan.ignoredRows} empty row(s) skipped`);
  for (const row of plan.rows) {
    const where = rowPlace(row, 'en');
    const what = `${row.kind} ${row.id ?? ''} ${row.name}`.replace(/\s+/g, ' ').trim();
    if (row.action === 'add') lines.push(`  ${where}: add ${what}${row.unitId ? ` (${row.unitId})` : ''}`);
    else if (row.action === 'change') lines.push(`  ${where}: change ${what}${row.matchedBy ? ` (found by ${row.matchedBy})` : ''}: ${row.changes.join(', ')}`);
    else if (row.action === 'refused') lines.push(`  ${where}: refused ${what}: ${row.problems.map((p) => describeRosterProblem(p, 'en')).join(' ')}`);
  }
  if (plan.missing.length > 0) {
    lines.push(
      plan.deactivateMissing
        ? `  ${plan.missing.length} active officer(s) of the file's units missing from it, to deactivate:`
        : `  ${plan.missing.length} active officer(s) of the file's units missing from it, kept active (add --deactivate-missing to deactivate them):`,
    );
    for (const member of plan.missing) lines.push(`    ${member.id} ${member.name} (${member.unitId})`);
  }
  const refused = plan.rows.filter((row) => row.action === 'refused').length;
  if (result.applied) lines.push(`applied${result.deactivated > 0 ? `; ${result.deactivated} officer(s) deactivated` : ''}.`);
  else if (refused > 0) lines.push(`nothing stored: ${refused} row(s) refused; fix them in the file and run again.`);
  else if (asked.apply) lines.push('nothing stored.');
  else lines.push('nothing stored (a dry run): run again with --apply to apply this plan.');
  return lines.join('\n');
}
