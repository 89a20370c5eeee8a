import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RosterCounter, RosterListQuery } from '../../../../shared/console/roster';
import { useApiData } from '../../api/use-api';
import { ErrorNotice, Loading } from '../../components/Notices';
import { Pager } from '../../components/Pager';
import { useSession } from '../../session/session';
import { ListControls, unitOptions } from './ListControls';
import { RecordForm } from './RecordForm';

/** Counters with their desk role: add, rename, move to another unit, deactivate (not while a kiosk is bound). */
export function CountersList() {
  const { t } = useTranslation();
  const { api } = useSession();
  const [query, setQuery] = useState<RosterListQuery>({ status: 'all', page: 1 });
  const [editing, setEditing] = useState<RosterCounter | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const units = useApiData('units', (signal) => api.units(signal));
  const list = useApiData(`counters:${JSON.stringify(query)}`, (signal) => api.rosterList<RosterCounter>('counters', query, signal));
  const unitList = units.state === 'ready' ? units.data : [];
  const saved = (message: string) => {
    setNotice(message);
    setEditing(null);
    list.reload();
  };
  const deskRoles = [
    { value: 'reception', label: t('deskRole.reception') },
    { value: 'results', label: t('deskRole.results') },
  ];
  const fields = [
    { name: 'id', label: t('roster.fields.id'), kind: 'text' as const, onlyNew: true, hint: t('roster.idHint') },
    { name: 'name', label: t('roster.fields.counterName'), kind: 'text' as const, required: true },
    { name: 'deskRole', label: t('roster.fields.deskRole'), kind: 'select' as const, options: deskRoles },
    { name: 'unitId', label: t('roster.fields.unit'), kind: 'select' as const, options: unitOptions(unitList) },
    { name: 'active', label: t('roster.fields.activeCheckbox'), kind: 'checkbox' as const },
  ];
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
          <table className="data" data-testid="roster-counters-table">
            <caption>{t('roster.countersCaption', { total: list.data.total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('roster.fields.counterName')}</th>
                <th scope="col">{t('roster.fields.id')}</th>
                <th scope="col">{t('roster.fields.unit')}</th>
                <th scope="col">{t('roster.fields.deskRole')}</th>
                <th scope="col">{t('roster.fields.kiosks')}</th>
                <th scope="col">{t('roster.fields.active')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('roster.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((counter) => (
                <tr key={counter.id} data-testid={`counter-${counter.id}`}>
                  <th scope="row">{counter.name}</th>
                  <td className="nowrap">{counter.id}</td>
                  <td>{counter.unitName}</td>
                  <td>{t(`deskRole.${counter.deskRole}`)}</td>
                  <td className="num">{counter.kiosks}</td>
                  <td>{counter.active ? t('roster.active') : t('roster.inactive')}</td>
                  <td>
                    <button type="button" onClick={() => setEditing(counter)} aria-label={t('roster.editOne', { name: counter.name })}>
                      {t('roster.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.data.items.length === 0 && <p>{t('roster.none')}</p>}
          <Pager page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={(page) => setQuery({ ...query, page })} label={t('roster.pagerLabel')} />
        </>
      )}
      {editing ? (
        <RecordForm
          key={editing.id}
          testId="counter-edit-form"
          heading={t('roster.editHeading', { name: editing.name })}
          fields={fields}
          isNew={false}
          initial={{ name: editing.name, deskRole: editing.deskRole, unitId: editing.unitId, active: editing.active }}
          onCancel={() => setEditing(null)}
          onSave={async (change) => {
            await api.changeRosterRecord('counters', editing.id, change);
            saved(t('roster.savedOne', { name: (change.name as string | undefined) ?? editing.name }));
          }}
        />
      ) : (
        unitList.length > 0 && (
          <RecordForm
            key="new"
            testId="counter-add-form"
            heading={t('roster.addCounter')}
            fields={fields.filter((f) => f.name !== 'active')}
            isNew
            initial={{ id: '', name: '', deskRole: 'reception', unitId: query.unit ?? unitList[0]!.id }}
            onSave={async ({ id: chosen, ...values }) => {
              const id = await api.addRosterRecord('counters', chosen ? { id: chosen, ...values } : values);
              saved(t('roster.addedOne', { name: values.name as string, id }));
            }}
          />
        )
      )}
    </>
  );
}
