import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UNIT_LEVELS, type RosterListQuery, type RosterUnit } from '../../../../shared/console/roster';
import { useApiData } from '../../api/use-api';
import { ErrorNotice, Loading } from '../../components/Notices';
import { Pager } from '../../components/Pager';
import { useSession } from '../../session/session';
import { ListControls, unitOptions } from './ListControls';
import { RecordForm } from './RecordForm';

/** Units with their parent and what they hold; province, IT and administrators add, edit, move and deactivate them. */
export function UnitsList({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const [query, setQuery] = useState<RosterListQuery>({ status: 'all', page: 1 });
  const [editing, setEditing] = useState<RosterUnit | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const units = useApiData('units', (signal) => api.units(signal));
  const list = useApiData(`units:${JSON.stringify(query)}`, (signal) => api.rosterList<RosterUnit>('units', query, signal));
  const unitList = units.state === 'ready' ? units.data : [];
  const saved = (message: string) => {
    setNotice(message);
    setEditing(null);
    list.reload();
    units.reload();
  };
  const fields = [
    { name: 'id', label: t('roster.fields.id'), kind: 'text' as const, onlyNew: true, required: true },
    { name: 'name', label: t('roster.fields.unitName'), kind: 'text' as const, required: true },
    { name: 'level', label: t('roster.fields.level'), kind: 'select' as const, options: UNIT_LEVELS.map((level) => ({ value: level, label: t(`levels.${level}`) })) },
    { name: 'parentId', label: t('roster.fields.parent'), kind: 'select' as const, options: [{ value: '', label: t('roster.noParent') }, ...unitOptions(unitList)] },
    { name: 'active', label: t('roster.fields.activeCheckbox'), kind: 'checkbox' as const },
  ];
  const parentOf = (values: Record<string, string | boolean>) => ('parentId' in values ? { ...values, parentId: values.parentId || null } : values);
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
          <table className="data" data-testid="roster-units-table">
            <caption>{t('roster.unitsCaption', { total: list.data.total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('roster.fields.unitName')}</th>
                <th scope="col">{t('roster.fields.id')}</th>
                <th scope="col">{t('roster.fields.level')}</th>
                <th scope="col">{t('roster.fields.parent')}</th>
                <th scope="col">{t('roster.fields.counters')}</th>
                <th scope="col">{t('roster.fields.staff')}</th>
                <th scope="col">{t('roster.fields.active')}</th>
                {editable && (
                  <th scope="col">
                    <span className="visually-hidden">{t('roster.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((unit) => (
                <tr key={unit.id} data-testid={`unit-${unit.id}`}>
                  <th scope="row">{unit.name}</th>
                  <td className="nowrap">{unit.id}</td>
                  <td>{t(`levels.${unit.level}`)}</td>
                  <td>{unit.parentName ?? '–'}</td>
                  <td className="num">{unit.counters}</td>
                  <td className="num">{unit.staff}</td>
                  <td>{unit.active ? t('roster.active') : t('roster.inactive')}</td>
                  {editable && (
                    <td>
                      <button type="button" onClick={() => setEditing(unit)} aria-label={t('roster.editOne', { name: unit.name })}>
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
      {!editable && <p>{t('roster.unitsReadOnly')}</p>}
      {editable && editing && (
        <RecordForm
          key={editing.id}
          testId="unit-edit-form"
          heading={t('roster.editHeading', { name: editing.name })}
          fields={fields}
          isNew={false}
          initial={{ name: editing.name, level: editing.level, parentId: editing.parentId ?? '', active: editing.active }}
          onCancel={() => setEditing(null)}
          onSave={async (change) => {
            await api.changeRosterRecord('units', editing.id, parentOf(change));
            saved(t('roster.savedOne', { name: (change.name as string | undefined) ?? editing.name }));
          }}
        />
      )}
      {editable && !editing && (
        <RecordForm
          key="new"
          testId="unit-add-form"
          heading={t('roster.addUnit')}
          fields={fields.filter((f) => f.name !== 'active')}
          isNew
          initial={{ id: '', name: '', level: 'commune', parentId: query.unit ?? '' }}
          onSave={async (values) => {
            const id = await api.addRosterRecord('units', parentOf(values));
            saved(t('roster.addedOne', { name: values.name as string, id }));
          }}
        />
      )}
    </>
  );
}
