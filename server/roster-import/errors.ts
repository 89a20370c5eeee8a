import { describeRosterProblem, type RosterProblem } from '../../shared/roster-import';

/** A file the import cannot read at all (wrong type, too large, wrong headers): nothing is planned or stored. */
export class RosterFileError extends Error {
  constructor(readonly problem: RosterProblem) {
    super(describeRosterProblem(problem, 'en'));
    this.name = 'RosterFileError';
  }
}
