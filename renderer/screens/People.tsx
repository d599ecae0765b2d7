// People (人员): everyone changes their own password here; a manager also adds people, disables
// them, unlocks one locked after five wrong passwords, and sets a new password for someone who
// forgot theirs. The Terminal refuses what the role does not allow; this screen only shows it.
import { useEffect, useRef, useState } from 'react';
import type { Role } from '../../shared/api';
import { ROLES } from '../../shared/api';
import { call, type ApiError } from '../api';
import { useApp } from '../session';
import { usePoll } from '../hooks';
import { dateTime } from '../format';
import { ErrorView } from '../components/ErrorView';
import { Bi, both, useI18n } from '../i18n/i18n';

export function People() {
  const { t } = useI18n();
  const { person } = useApp();
  const manager = person?.role === 'manager';
  return (
    <div className="screen people" data-testid="people-screen">
      <header className="screen-head">
        <h1>{t('people.title')}</h1>
        {person && (
          <span className="muted" data-testid="people-me">
            {person.id} · {person.name} · {t(`role.${person.role}` as const)}
          </span>
        )}
      </header>
      <OwnPassword />
      {manager && <Manage />}
    </div>
  );
}

function OwnPassword() {
  const { t } = useI18n();
  const { notify } = useApp();
  const [form, setForm] = useState({ old: '', password: '', again: '' });
  const [error, setError] = useState<ApiError>();
  const submit = async () => {
    if (form.password !== form.again) return setError({ code: 'PASSWORDS_DIFFER', message: both('people.passwordsDiffer') });
    const r = await call('people.setPassword', { password: form.password, oldPassword: form.old });
    setForm({ old: '', password: '', again: '' });
    if (!r.ok) return setError(r.error);
    setError(undefined);
    notify({ kind: 'ok', message: both('people.passwordChanged') });
  };
  return (
    <form
      className="panel"
      data-testid="own-password"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{t('people.ownPassword')}</h2>
      {(['old', 'password', 'again'] as const).map((k) => (
        <label className="field" key={k}>
          <span>{t(k === 'old' ? 'people.oldPassword' : k === 'password' ? 'people.newPassword' : 'people.passwordAgain')}</span>
          <input type="password" autoComplete="off" maxLength={200} value={form[k]} data-testid={`own-password-${k}`} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />
        </label>
      ))}
      {error && <ErrorView error={error} testId="own-password-error" />}
      <button type="submit" className="primary" data-testid="own-password-submit">
        <Bi k="people.changePassword" />
      </button>
    </form>
  );
}

function Manage() {
  const { t } = useI18n();
  const { notify, person } = useApp();
  const list = usePoll(() => call('people.list', {}), 30_000);
  const [form, setForm] = useState<{ id: string; name: string; role: Role; password: string }>({ id: '', name: '', role: 'teller', password: '' });
  const [error, setError] = useState<ApiError>();
  // Issue 20 item 5: a refusal of adding a person is said in the form, at the field it is about.
  const [createError, setCreateError] = useState<ApiError>();
  const [reset, setReset] = useState<{ id: string; password: string }>();

  const done = (r: { ok: boolean; error?: ApiError }, message: ReturnType<typeof both>) => {
    if (!r.ok) return setError(r.error);
    setError(undefined);
    notify({ kind: 'ok', message });
    list.refresh();
  };

  const create = async () => {
    const r = await call('people.create', { id: form.id.trim(), name: form.name.trim(), role: form.role, password: form.password });
    if (!r.ok) return setCreateError(r.error);
    setCreateError(undefined);
    setForm({ id: '', name: '', role: form.role, password: '' });
    done(r, both('people.created', { id: form.id.trim() }));
  };
  const errorAt = createFieldOf(createError);
  const fieldError = (field: CreateField) =>
    createError && errorAt === field ? <CreateError error={createError} /> : null;

  const rows = list.value?.ok ? list.value.value : [];
  return (
    <>
      {error && <ErrorView error={error} testId="people-error" />}
      {list.value && !list.value.ok && <ErrorView error={list.value.error} />}
      <table className="table" data-testid="people-table">
        <thead>
          <tr>
            <th>{t('signIn.personId')}</th>
            <th>{t('people.name')}</th>
            <th>{t('people.role')}</th>
            <th>{t('people.state')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.id} data-testid={`person-${p.id}`} data-locked={p.lockedAt ? 'true' : 'false'} data-disabled={p.disabledAt ? 'true' : 'false'}>
              <td className="mono">{p.id}</td>
              <td>{p.name}</td>
              <td>{t(`role.${p.role}` as const)}</td>
              <td>
                {p.disabledAt
                  ? `${t('people.disabled')} ${dateTime(p.disabledAt)}`
                  : p.lockedAt
                    ? `${t('people.locked')} ${dateTime(p.lockedAt)}`
                    : p.failedAttempts > 0
                      ? t('people.failedAttempts', { n: p.failedAttempts })
                      : t('people.active')}
              </td>
              <td className="actions">
                {!p.disabledAt && (p.lockedAt || p.failedAttempts > 0) && (
                  <button type="button" data-testid={`unlock-${p.id}`} onClick={() => void call('people.unlock', { id: p.id }).then((r) => done(r, both('people.unlocked', { id: p.id })))}>
                    {t('people.unlock')}
                  </button>
                )}
                {!p.disabledAt && (
                  <button type="button" data-testid={`reset-${p.id}`} onClick={() => setReset({ id: p.id, password: '' })}>
                    {t('people.resetPassword')}
                  </button>
                )}
                {!p.disabledAt && p.id !== person?.id && (
                  <button type="button" className="danger" data-testid={`disable-${p.id}`} onClick={() => void call('people.disable', { id: p.id }).then((r) => done(r, both('people.disabledNotice', { id: p.id })))}>
                    {t('people.disable')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {reset && (
        <form
          className="panel"
          data-testid="reset-form"
          onSubmit={(e) => {
            e.preventDefault();
            const { id, password } = reset;
            setReset(undefined);
            void call('people.setPassword', { id, password }).then((r) => done(r, both('people.passwordSet', { id })));
          }}
        >
          <label className="field">
            <span>{t('people.newPasswordFor', { id: reset.id })}</span>
            <input type="password" autoComplete="off" autoFocus maxLength={200} value={reset.password} data-testid="reset-password" onChange={(e) => setReset({ ...reset, password: e.target.value })} />
          </label>
          <button type="submit" className="primary" data-testid="reset-submit">
            {t('people.resetPassword')}
          </button>
        </form>
      )}
      <form
        className="panel"
        data-testid="people-create"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <h2>{t('people.add')}</h2>
        <label className="field">
          <span>{t('signIn.personId')}</span>
          <input type="text" autoComplete="off" maxLength={32} value={form.id} data-testid="create-id" aria-invalid={errorAt === 'id'} onChange={(e) => setForm({ ...form, id: e.target.value })} />
        </label>
        {fieldError('id')}
        <label className="field">
          <span>{t('people.name')}</span>
          <input type="text" autoComplete="off" maxLength={100} value={form.name} data-testid="create-name" aria-invalid={errorAt === 'name'} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        {fieldError('name')}
        <label className="field">
          <span>{t('people.role')}</span>
          <select value={form.role} data-testid="create-role" onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}` as const)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('signIn.password')}</span>
          <input type="password" autoComplete="off" maxLength={200} value={form.password} data-testid="create-password" aria-invalid={errorAt === 'password'} onChange={(e) => setForm({ ...form, password: e.target.value })} />
        </label>
        {fieldError('password')}
        {fieldError('form')}
        <button type="submit" className="primary" data-testid="create-submit">
          <Bi k="people.add" />
        </button>
      </form>
    </>
  );
}

// ---- issue 20 item 5 (errors where the eye is) ----
type CreateField = 'id' | 'name' | 'password' | 'form';

/** The field of the add-person form a refusal is about ('form': none in particular, said above the button). */
function createFieldOf(error: ApiError | undefined): CreateField | undefined {
  if (!error) return undefined;
  if (error.code === 'PERSON_EXISTS') return 'id';
  if (error.code === 'PASSWORD_TOO_SHORT') return 'password';
  const field = error.code === 'INVALID_INPUT' ? (error.details?.field ?? '') : '';
  return field === 'id' || field === 'name' || field === 'password' ? field : 'form';
}

/** The refusal under its field, scrolled into sight (at 1366×768 the form is below the list). */
function CreateError({ error }: { error: ApiError }) {
  const ref = useRef<HTMLDivElement>(null);
  // In braces: Chromium's scrollIntoView now returns a promise, which React would take for a cleanup.
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' });
  }, [error]);
  return (
    <div ref={ref} className="field-error" data-testid="people-create-error-at">
      <ErrorView error={error} testId="people-create-error" />
    </div>
  );
}
