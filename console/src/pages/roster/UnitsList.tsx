import { useTranslation } from 'react-i18next';
import { UNIT_LEVELS, type RosterUnit } from '../../../../shared/console/roster';
import { unitOptions } from './ListControls';
import { RecordForm } from './RecordForm';
import { RosterTable, useRosterList } from './RosterList';

/** Units with their parent and what they hold; province, IT and administrators add, edit, move and deactivate them. */
export function UnitsList({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const roster = useRosterList<RosterUnit>('units');
  const { api, query, editing, setEditing, units, unitList } = roster;
  // A unit added, renamed or moved changes the unit tree of the choices too.
  const saved = (message: string) => {
    roster.saved(message);
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
      <RosterTable
        roster={roster}
        testId="roster-units-table"
        caption={(total) => t('roster.unitsCaption', { total })}
        columns={[
          { label: t('roster.fields.unitName'), cell: (unit) => unit.name },
          { label: t('roster.fields.id'), cell: (unit) => unit.id, className: 'nowrap' },
          { label: t('roster.fields.level'), cell: (unit) => t(`levels.${unit.level}`) },
          { label: t('roster.fields.parent'), cell: (unit) => unit.parentName ?? '–' },
          { label: t('roster.fields.counters'), cell: (unit) => unit.counters, className: 'num' },
          { label: t('roster.fields.staff'), cell: (unit) => unit.staff, className: 'num' },
          { label: t('roster.fields.active'), cell: (unit) => (unit.active ? t('roster.active') : t('roster.inactive')) },
        ]}
        rowTestId={(unit) => `unit-${unit.id}`}
        nameOf={(unit) => unit.name}
        onEdit={editable ? setEditing : undefined}
      />
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
