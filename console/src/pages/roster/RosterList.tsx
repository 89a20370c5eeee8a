import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RosterCounter, RosterListQuery, RosterPage, RosterStaffMember, RosterUnit } from '../../../../shared/console/roster';
import { useApiData, type Loaded } from '../../api/use-api';
import { ErrorNotice, Loading } from '../../components/Notices';
import { Pager } from '../../components/Pager';
import { useSession } from '../../session/session';
import { ListControls } from './ListControls';

type RosterKind = 'units' | 'counters' | 'staff';
type RosterRecord = RosterUnit | RosterCounter | RosterStaffMember;

/**
 * What each roster list (staff, counters, units) keeps: its query (search, unit, status, page), the
 * record being edited, the last saved notice, the unit tree for its choices and its page of records.
 */
export function useRosterList<T extends RosterRecord>(kind: RosterKind) {
  const { api } = useSession();
  const [query, setQuery] = useState<RosterListQuery>({ status: 'all', page: 1 });
  const [editing, setEditing] = useState<T | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const units = useApiData('units', (signal) => api.units(signal));
  const list = useApiData(`${kind}:${JSON.stringify(query)}`, (signal) => api.rosterList<T>(kind, query, signal));
  /** After an add or a change: says so, closes the edit form and reads the page again. */
  const saved = (message: string) => {
    setNotice(message);
    setEditing(null);
    list.reload();
  };
  return { api, query, setQuery, editing, setEditing, notice, units, unitList: units.state === 'ready' ? units.data : [], list, saved };
}

export interface RosterColumn<T> {
  label: string;
  cell: (record: T) => ReactNode;
  className?: string;
}

/**
 * A roster list's search form, saved notice, table and pager. The first column names the record
 * (the row's header); with `onEdit`, each row ends with its edit button, named after the record.
 */
export function RosterTable<T extends RosterRecord>({
  roster,
  testId,
  caption,
  columns,
  rowTestId,
  nameOf,
  onEdit,
}: {
  roster: Pick<ReturnType<typeof useRosterList<T>>, 'query' | 'setQuery' | 'notice' | 'unitList'> & { list: Loaded<RosterPage<T>> };
  testId: string;
  caption: (total: number) => string;
  columns: RosterColumn<T>[];
  rowTestId: (record: T) => string;
  nameOf: (record: T) => string;
  onEdit?: ((record: T) => void) | undefined;
}) {
  const { t } = useTranslation();
  const { query, setQuery, notice, unitList, list } = roster;
  const [first, ...rest] = columns;
  return (
    <>
      <ListControls units={unitList} query={query} onQuery={setQuery} />
      {notice && (
        <p className="notice notice-ok" role="status">
          {notice}
        </p>
      )}
      {list.state === 'loading' && <Loading />}
      {list.state === 'failed' && <ErrorNotice error={list.error} />}
      {list.state === 'ready' && (
        <>
          <table className="data" data-testid={testId}>
            <caption>{caption(list.data.total)}</caption>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th scope="col" key={column.label}>
                    {column.label}
                  </th>
                ))}
                {onEdit && (
                  <th scope="col">
                    <span className="visually-hidden">{t('roster.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((record) => (
                <tr key={record.id} data-testid={rowTestId(record)}>
                  {first && <th scope="row">{first.cell(record)}</th>}
                  {rest.map((column) => (
                    <td key={column.label} className={column.className}>
                      {column.cell(record)}
                    </td>
                  ))}
                  {onEdit && (
                    <td>
                      <button type="button" onClick={() => onEdit(record)} aria-label={t('roster.editOne', { name: nameOf(record) })}>
                        {t('roster.edit')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {list.data.items.length === 0 && <p>{t('roster.none')}</p>}
          <Pager page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={(page) => setQuery({ ...query, page })} label={t('roster.pagerLabel')} />
        </>
      )}
    </>
  );
}
