import { useTranslation } from 'react-i18next';
import type { RosterCounter } from '../../../../shared/console/roster';
import { unitOptions } from './ListControls';
import { RecordForm } from './RecordForm';
import { RosterTable, useRosterList } from './RosterList';

/** Counters with their desk role: add, rename, move to another unit, deactivate (not while a kiosk is bound). */
export function CountersList() {
  const { t } = useTranslation();
  const roster = useRosterList<RosterCounter>('counters');
  const { api, query, editing, setEditing, unitList, saved } = roster;
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
      <RosterTable
        roster={roster}
        testId="roster-counters-table"
        caption={(total) => t('roster.countersCaption', { total })}
        columns={[
          { label: t('roster.fields.counterName'), cell: (counter) => counter.name },
          { label: t('roster.fields.id'), cell: (counter) => counter.id, className: 'nowrap' },
          { label: t('roster.fields.unit'), cell: (counter) => counter.unitName },
          { label: t('roster.fields.deskRole'), cell: (counter) => t(`deskRole.${counter.deskRole}`) },
          { label: t('roster.fields.kiosks'), cell: (counter) => counter.kiosks, className: 'num' },
          { label: t('roster.fields.active'), cell: (counter) => (counter.active ? t('roster.active') : t('roster.inactive')) },
        ]}
        rowTestId={(counter) => `counter-${counter.id}`}
        nameOf={(counter) => counter.name}
        onEdit={setEditing}
      />
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
