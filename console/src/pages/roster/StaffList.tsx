import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RosterListQuery, RosterStaffMember } from '../../../../shared/console/roster';
import { useApiData } from '../../api/use-api';
import { ErrorNotice, Loading } from '../../components/Notices';
import { Pager } from '../../components/Pager';
import { useSession } from '../../session/session';
import { ListControls, unitOptions } from './ListControls';
import { RecordForm } from './RecordForm';

/** Staff: searched without tones, paged; add an officer, edit, move to another unit, deactivate. */
export function StaffList() {
  const { t } = useTranslation();
  const { api } = useSession();
  const [query, setQuery] = useState<RosterListQuery>({ status: 'all', page: 1 });
  const [editing, setEditing] = useState<RosterStaffMember | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const units = useApiData('units', (signal) => api.units(signal));
  const list = useApiData(`staff:${JSON.stringify(query)}`, (signal) => api.rosterList<RosterStaffMember>('staff', query, signal));
  const unitList = units.state === 'ready' ? units.data : [];
  const saved = (message: string) => {
    setNotice(message);
    setEditing(null);
    list.reload();
  };
  const fields = [
    { name: 'fullName', label: t('roster.fields.fullName'), kind: 'text' as const, required: true },
    { name: 'title', label: t('roster.fields.title'), kind: 'text' as const },
    { name: 'unitId', label: t('roster.fields.unit'), kind: 'select' as const, options: unitOptions(unitList), hint: t('roster.moveHint') },
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
          <table className="data" data-testid="roster-staff-table">
            <caption>{t('roster.staffCaption', { total: list.data.total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('roster.fields.fullName')}</th>
                <th scope="col">{t('roster.fields.id')}</th>
                <th scope="col">{t('roster.fields.title')}</th>
                <th scope="col">{t('roster.fields.unit')}</th>
                <th scope="col">{t('roster.fields.badgeEnd')}</th>
                <th scope="col">{t('roster.fields.active')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('roster.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((member) => (
                <tr key={member.id} data-testid={`staff-${member.id}`}>
                  <th scope="row">{member.fullName}</th>
                  <td className="nowrap">{member.id}</td>
                  <td>{member.title}</td>
                  <td>{member.unitName}</td>
                  <td className="nowrap">…{member.badgeEnd}</td>
                  <td>{member.active ? t('roster.active') : t('roster.inactive')}</td>
                  <td>
                    <button type="button" onClick={() => setEditing(member)} aria-label={t('roster.editOne', { name: member.fullName })}>
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
          testId="staff-edit-form"
          heading={t('roster.editHeading', { name: editing.fullName })}
          fields={fields}
          isNew={false}
          initial={{ fullName: editing.fullName, title: editing.title, unitId: editing.unitId, active: editing.active }}
          onCancel={() => setEditing(null)}
          onSave={async (change) => {
            await api.changeRosterRecord('staff', editing.id, change);
            saved(t('roster.savedOne', { name: (change.fullName as string | undefined) ?? editing.fullName }));
          }}
        />
      ) : (
        unitList.length > 0 && (
          <RecordForm
            key="new"
            testId="staff-add-form"
            heading={t('roster.addStaff')}
            fields={fields.filter((f) => f.name !== 'active')}
            isNew
            initial={{ fullName: '', title: '', unitId: query.unit ?? unitList[0]!.id }}
            onSave={async (values) => {
              const id = await api.addRosterRecord('staff', values);
              saved(t('roster.addedOne', { name: values.fullName as string, id }));
            }}
          />
        )
      )}
    </>
  );
}
