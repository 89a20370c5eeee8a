import { useTranslation } from 'react-i18next';
import type { RosterStaffMember } from '../../../../shared/console/roster';
import { unitOptions } from './ListControls';
import { RecordForm } from './RecordForm';
import { RosterTable, useRosterList } from './RosterList';

/** Staff: searched without tones, paged; add an officer, edit, move to another unit, deactivate. */
export function StaffList() {
  const { t } = useTranslation();
  const roster = useRosterList<RosterStaffMember>('staff');
  const { api, query, editing, setEditing, unitList, saved } = roster;
  const fields = [
    { name: 'fullName', label: t('roster.fields.fullName'), kind: 'text' as const, required: true },
    { name: 'title', label: t('roster.fields.title'), kind: 'text' as const },
    { name: 'unitId', label: t('roster.fields.unit'), kind: 'select' as const, options: unitOptions(unitList), hint: t('roster.moveHint') },
    { name: 'active', label: t('roster.fields.activeCheckbox'), kind: 'checkbox' as const },
  ];
  return (
    <>
      <RosterTable
        roster={roster}
        testId="roster-staff-table"
        caption={(total) => t('roster.staffCaption', { total })}
        columns={[
          { label: t('roster.fields.fullName'), cell: (member) => member.fullName },
          { label: t('roster.fields.id'), cell: (member) => member.id, className: 'nowrap' },
          { label: t('roster.fields.title'), cell: (member) => member.title },
          { label: t('roster.fields.unit'), cell: (member) => member.unitName },
          { label: t('roster.fields.badgeEnd'), cell: (member) => `…${member.badgeEnd}`, className: 'nowrap' },
          { label: t('roster.fields.active'), cell: (member) => (member.active ? t('roster.active') : t('roster.inactive')) },
        ]}
        rowTestId={(member) => `staff-${member.id}`}
        nameOf={(member) => member.fullName}
        onEdit={setEditing}
      />
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
