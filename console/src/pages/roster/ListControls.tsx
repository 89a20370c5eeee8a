import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnitNode } from '../../../../shared/console/api';
import { ROSTER_STATUS_FILTERS, type RosterListQuery, type RosterStatusFilter } from '../../../../shared/console/roster';
import { unitsInTreeOrder } from '../unit-tree';

/** Search (without tones), the unit (with the units under it) and the status of a roster list. */
export function ListControls({ units, query, onQuery }: { units: UnitNode[]; query: RosterListQuery; onQuery: (query: RosterListQuery) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(query.q ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onQuery({ ...query, q: text.trim(), page: 1 });
  };
  return (
    <form className="filters" role="search" onSubmit={submit} aria-label={t('roster.searchLabel')}>
      <div className="field">
        <label htmlFor={`${id}-q`}>{t('roster.search')}</label>
        <input id={`${id}-q`} type="search" value={text} onChange={(e) => setText(e.target.value)} aria-describedby={`${id}-q-hint`} data-testid="roster-search" />
        <span className="hint" id={`${id}-q-hint`}>
          {t('roster.searchHint')}
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-unit`}>{t('roster.fields.unit')}</label>
        <select id={`${id}-unit`} value={query.unit ?? ''} onChange={(e) => onQuery({ ...query, unit: e.target.value || undefined, page: 1 })}>
          <option value="">{t('roster.allUnits')}</option>
          {unitsInTreeOrder(units).map(({ unit, depth }) => (
            <option key={unit.id} value={unit.id}>
              {'\u00a0\u00a0'.repeat(depth)}
              {unit.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-status`}>{t('roster.fields.active')}</label>
        <select id={`${id}-status`} value={query.status ?? 'all'} onChange={(e) => onQuery({ ...query, status: e.target.value as RosterStatusFilter, page: 1 })}>
          {ROSTER_STATUS_FILTERS.map((status) => (
            <option key={status} value={status}>
              {t(`roster.statusFilter.${status}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="form-actions">
        <button type="submit">{t('roster.searchButton')}</button>
      </div>
    </form>
  );
}

/** Unit choices for a form, in tree order. */
export function unitOptions(units: UnitNode[]): { value: string; label: string }[] {
  return unitsInTreeOrder(units).map(({ unit, depth }) => ({ value: unit.id, label: `${'\u00a0\u00a0'.repeat(depth)}${unit.name}` }));
}
