import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account, UnitNode } from '../../../../shared/console/api';
import { CONSOLE_ROLES, type ConsoleRole } from '../../../../shared/console/constants';
import { type AccountChange, ApiError, asApiError, type NewAccount } from '../../api/client';
import { useApiData } from '../../api/use-api';
import { ErrorNotice, ErrorText, Loading } from '../../components/Notices';
import { PageHeading } from '../../components/PageHeading';
import { formatDateTime } from '../../format/numbers';
import { useSession } from '../../session/session';
import { unitsInTreeOrder } from '../unit-tree';

/** Console accounts, for administrators: the list, a new account, and changes to one. */
export function AccountsPage() {
  const { t } = useTranslation();
  const { api } = useSession();
  const accounts = useApiData('accounts', (signal) => api.accounts(signal));
  const units = useApiData('units', (signal) => api.units(signal));
  const [editing, setEditing] = useState<Account | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const unitList = units.state === 'ready' ? units.data : [];
  const unitName = (id: string | null) => (id ? (unitList.find((u) => u.id === id)?.name ?? id) : '–');

  const saved = (message: string) => {
    setNotice(message);
    setEditing(null);
    accounts.reload();
  };

  return (
    <div className="accounts-page">
      <PageHeading title={t('accounts.title')} />
      {notice && (
        <p className="notice notice-ok" role="status">
          {notice}
        </p>
      )}
      {accounts.state === 'loading' && <Loading />}
      {accounts.state === 'failed' && <ErrorNotice error={accounts.error} />}
      {accounts.state === 'ready' && (
        <table className="data" data-testid="accounts-table">
          <caption>{t('accounts.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('accounts.fields.login')}</th>
              <th scope="col">{t('accounts.fields.displayName')}</th>
              <th scope="col">{t('accounts.fields.role')}</th>
              <th scope="col">{t('accounts.fields.unitId')}</th>
              <th scope="col">{t('accounts.fields.maySeePersonalData')}</th>
              <th scope="col">{t('accounts.fields.status')}</th>
              <th scope="col">{t('accounts.fields.lastLogin')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('accounts.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {accounts.data.map((account) => (
              <tr key={account.id} data-testid={`account-${account.login}`}>
                <th scope="row">{account.login}</th>
                <td>{account.displayName}</td>
                <td>{t(`roles.${account.role}`)}</td>
                <td>{unitName(account.unitId)}</td>
                <td>{account.maySeePersonalData ? t('common.yes') : t('common.no')}</td>
                <td>{account.disabled ? t('accounts.disabled') : t('accounts.active')}</td>
                <td className="nowrap">{account.lastLoginAt ? formatDateTime(account.lastLoginAt) : t('accounts.never')}</td>
                <td>
                  <button type="button" onClick={() => setEditing(account)} aria-label={t('accounts.editOne', { login: account.login })}>
                    {t('accounts.edit')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing ? (
        <AccountForm
          key={editing.id}
          account={editing}
          units={unitList}
          onCancel={() => setEditing(null)}
          onSave={async (values) => {
            await api.updateAccount(editing.id, changeOf(editing, values));
            saved(t('accounts.savedOne', { login: editing.login }));
          }}
        />
      ) : (
        <AccountForm
          key="new"
          account={null}
          units={unitList}
          onSave={async ({ disabled: _new, ...values }) => {
            const account = await api.createAccount(values);
            saved(t('accounts.createdOne', { login: account.login }));
          }}
        />
      )}
    </div>
  );
}

type FormValues = NewAccount & { disabled: boolean };

/** Only what the administrator changed is sent (an unchanged empty password is no change). */
function changeOf(account: Account, values: FormValues): AccountChange {
  const change: AccountChange = {};
  if (values.displayName !== account.displayName) change.displayName = values.displayName;
  if (values.role !== account.role) change.role = values.role;
  if (values.unitId !== account.unitId) change.unitId = values.unitId;
  if (values.maySeePersonalData !== account.maySeePersonalData) change.maySeePersonalData = values.maySeePersonalData;
  if (values.disabled !== account.disabled) change.disabled = values.disabled;
  if (values.locale !== account.locale) change.locale = values.locale;
  if (values.password) change.password = values.password;
  return change;
}

function AccountForm({
  account,
  units,
  onSave,
  onCancel,
}: {
  account: Account | null;
  units: UnitNode[];
  onSave: (values: FormValues) => Promise<void>;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [values, setValues] = useState<FormValues>({
    login: account?.login ?? '',
    displayName: account?.displayName ?? '',
    role: account?.role ?? 'province',
    unitId: account?.unitId ?? null,
    maySeePersonalData: account?.maySeePersonalData ?? false,
    locale: account?.locale ?? 'vi',
    password: '',
    disabled: account?.disabled ?? false,
  });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (account) heading.current?.focus();
  }, [account]);
  const set = (change: Partial<FormValues>) => setValues((v) => ({ ...v, ...change }));
  const setRole = (role: ConsoleRole) =>
    set({ role, unitId: role === 'unit_head' ? (values.unitId ?? units[0]?.id ?? null) : null, maySeePersonalData: role === 'province' ? values.maySeePersonalData : false });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSave(values);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (field: string) => (error?.field === field ? `${id}-error` : undefined);
  return (
    <section aria-labelledby={`${id}-heading`} className="panel form-panel">
      <h2 id={`${id}-heading`} ref={heading} tabIndex={-1}>
        {account ? t('accounts.editHeading', { login: account.login }) : t('accounts.createHeading')}
      </h2>
      <form onSubmit={submit} className="form-grid" data-testid={account ? 'account-edit-form' : 'account-create-form'}>
        {!account && (
          <div className="field">
            <label htmlFor={`${id}-login`}>{t('accounts.fields.login')}</label>
            <input id={`${id}-login`} value={values.login} onChange={(e) => set({ login: e.target.value })} required autoComplete="off" aria-describedby={fieldError('login')} />
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('accounts.fields.displayName')}</label>
          <input id={`${id}-name`} value={values.displayName} onChange={(e) => set({ displayName: e.target.value })} required aria-describedby={fieldError('displayName')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>{t('accounts.fields.role')}</label>
          <select id={`${id}-role`} value={values.role} onChange={(e) => setRole(e.target.value as ConsoleRole)}>
            {CONSOLE_ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`roles.${role}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field wide">
          <label htmlFor={`${id}-unit`}>{t('accounts.fields.unitId')}</label>
          <select
            id={`${id}-unit`}
            value={values.unitId ?? ''}
            disabled={values.role !== 'unit_head'}
            onChange={(e) => set({ unitId: e.target.value || null })}
            aria-describedby={fieldError('unitId')}
          >
            {values.role !== 'unit_head' && <option value="">{t('accounts.wholeProvince')}</option>}
            {unitsInTreeOrder(units).map(({ unit, depth }) => (
              <option key={unit.id} value={unit.id}>
                {'\u00a0\u00a0'.repeat(depth)}
                {unit.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-locale`}>{t('accounts.fields.locale')}</label>
          <select id={`${id}-locale`} value={values.locale} onChange={(e) => set({ locale: e.target.value === 'en' ? 'en' : 'vi' })}>
            <option value="vi" lang="vi">
              {t('language.vi')}
            </option>
            <option value="en" lang="en">
              {t('language.en')}
            </option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>{account ? t('accounts.fields.newPassword') : t('accounts.fields.password')}</label>
          <input
            id={`${id}-password`}
            type="password"
            value={values.password}
            onChange={(e) => set({ password: e.target.value })}
            required={!account}
            minLength={10}
            autoComplete="new-password"
            aria-describedby={`${id}-password-hint${fieldError('password') ? ` ${id}-error` : ''}`}
          />
          <span className="hint" id={`${id}-password-hint`}>
            {account ? t('accounts.passwordKeepHint') : t('accounts.passwordHint')}
          </span>
        </div>
        <div className="field checkbox">
          <input
            id={`${id}-personal`}
            type="checkbox"
            checked={values.maySeePersonalData}
            disabled={values.role !== 'province'}
            onChange={(e) => set({ maySeePersonalData: e.target.checked })}
            aria-describedby={`${id}-personal-hint`}
          />
          <label htmlFor={`${id}-personal`}>{t('accounts.fields.maySeePersonalData')}</label>
          <span className="hint" id={`${id}-personal-hint`}>
            {t('accounts.personalDataHint')}
          </span>
        </div>
        {account && (
          <div className="field checkbox">
            <input id={`${id}-disabled`} type="checkbox" checked={values.disabled} onChange={(e) => set({ disabled: e.target.checked })} />
            <label htmlFor={`${id}-disabled`}>{t('accounts.fields.disabled')}</label>
          </div>
        )}
        {error && (
          <p className="notice notice-error form-error" role="alert" id={`${id}-error`}>
            {error.field ? `${t(`accounts.fields.${error.field}`, { defaultValue: error.field })}: ` : ''}
            <ErrorText error={error} />
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {account ? t('accounts.save') : t('accounts.create')}
          </button>
          {onCancel && (
            <button type="button" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
