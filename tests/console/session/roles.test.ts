import { describe, expect, it } from 'vitest';
import { pagesFor, scopeSubject } from '../../../console/src/session/roles';

describe('what each role finds in the console', () => {
  it('comments for the province and unit heads only; accounts, audit and settings for administrators; the fleet for IT staff and administrators; software updates for IT staff; officers’ badges for IT staff, the province and unit heads; every kiosk’s record chain for every role; the roster for all but only their own units for unit heads; the review of flagged ratings for the province and unit heads', () => {
    expect(pagesFor('province')).toEqual(['overview', 'comments', 'monthly-reports', 'review', 'periods', 'badges', 'record-chains', 'roster']);
    expect(pagesFor('unit_head')).toEqual(['overview', 'comments', 'monthly-reports', 'review', 'badges', 'record-chains', 'roster']);
    expect(pagesFor('it')).toEqual(['overview', 'fleet', 'kiosk-settings', 'enrolment', 'updates', 'badges', 'record-chains', 'roster']);
    expect(pagesFor('admin')).toEqual(['overview', 'fleet', 'kiosk-settings', 'enrolment', 'accounts', 'audit', 'periods', 'settings', 'monthly-reports', 'record-chains', 'roster']);
  });

  it('a unit head’s overview is their unit; every other role’s is the province', () => {
    expect(scopeSubject({ role: 'unit_head', unitId: 'bg-ln-motcua' })).toEqual({ kind: 'unit', id: 'bg-ln-motcua' });
    expect(scopeSubject({ role: 'province', unitId: null })).toEqual({ kind: 'province', id: null });
    expect(scopeSubject({ role: 'it', unitId: null })).toEqual({ kind: 'province', id: null });
  });
});
