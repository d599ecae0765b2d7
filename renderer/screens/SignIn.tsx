// Sign-in: staff ID and password (auth.signIn). The Terminal decides who may do what from the
// person's role; this screen only keeps the session it gives. On a terminal with nobody yet it
// offers the first manager (people.bootstrap); in training mode it lists the practice people.
import { useRef, useState } from 'react';
import { TRAINING_PEOPLE } from '../../shared/api';
import { call, type ApiError } from '../api';
import { useApp } from '../session';
import { navigate } from '../hooks';
import { landing } from '../access';
import { ErrorView } from '../components/ErrorView';
import { Bi, both, useI18n } from '../i18n/i18n';

export function SignIn() {
  const { t } = useI18n();
  const { signIn, info } = useApp();
  const [id, setId] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const idRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const submit = async () => {
    const userId = id.trim();
    if (!userId) {
      setError({ code: 'NOT_SIGNED_IN', message: both('signIn.personIdRequired') });
      return idRef.current?.focus();
    }
    if (!password) return passwordRef.current?.focus();
    setBusy(true);
    const r = await call('auth.signIn', { userId, password });
    setBusy(false);
    setPassword('');
    if (!r.ok) {
      setError(r.error);
      passwordRef.current?.focus();
      return;
    }
    signIn(r.value.person, r.value.session);
    // Each role lands on its work (issue 20 item 2): the counter, or a reporter's reports.
    navigate(landing(r.value.person.role));
  };

  if (info?.firstRun) return <FirstRun />;

  return (
    <div className="signin">
      <form
        className="signin-form"
        data-testid="signin-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h1>
          <Bi k="signIn.title" />
        </h1>
        {info && (
          <p className="muted">
            {info.institutionName} · {info.outletName} · {info.counterName !== undefined ? `${info.counterName} (${info.terminalId})` : `${t('terminal')} ${info.terminalId}`}
          </p>
        )}
        <label className="field">
          <span>{t('signIn.personId')}</span>
          <input
            ref={idRef}
            type="text"
            className="big-input"
            autoFocus
            autoComplete="username"
            maxLength={64}
            value={id}
            data-testid="signin-teller"
            onChange={(e) => setId(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                if (id.trim()) passwordRef.current?.focus();
              }
            }}
          />
        </label>
        <label className="field">
          <span>{t('signIn.password')}</span>
          <input
            ref={passwordRef}
            type="password"
            className="big-input"
            autoComplete="current-password"
            maxLength={200}
            value={password}
            data-testid="signin-password"
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && <ErrorView error={error} testId="signin-error" />}
        <button type="submit" className="confirm" disabled={busy} data-testid="signin-submit">
          <Bi k="signIn.submit" />
        </button>
        <p className="muted small">{t('signIn.lockRule')}</p>
        {info?.training && <TrainingPeople />}
      </form>
    </div>
  );
}

/** Training mode only: the practice people and their published passwords. */
function TrainingPeople() {
  const { t } = useI18n();
  return (
    <div className="training-people" data-testid="training-people">
      <p className="small">
        <Bi k="signIn.trainingPeople" />
      </p>
      <table className="table small">
        <thead>
          <tr>
            <th>{t('signIn.personId')}</th>
            <th>{t('signIn.password')}</th>
            <th>{t('people.role')}</th>
          </tr>
        </thead>
        <tbody>
          {TRAINING_PEOPLE.map((p) => (
            <tr key={p.id} data-testid={`training-person-${p.id}`}>
              <td className="mono">{p.id}</td>
              <td className="mono">{p.password}</td>
              <td>{t(`role.${p.role}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A terminal with nobody yet: the first manager, who then adds everyone else under People. */
function FirstRun() {
  const { t } = useI18n();
  const { signIn } = useApp();
  const [form, setForm] = useState({ id: '', name: '', password: '', again: '' });
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (form.password !== form.again) {
      setError({ code: 'PASSWORDS_DIFFER', message: both('people.passwordsDiffer') });
      return;
    }
    setBusy(true);
    const created = await call('people.bootstrap', { id: form.id.trim(), name: form.name.trim(), password: form.password });
    const r = created.ok ? await call('auth.signIn', { userId: form.id.trim(), password: form.password }) : created;
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setForm({ id: '', name: '', password: '', again: '' });
    signIn(r.value.person, r.value.session);
    navigate('people');
  };

  const field = (key: keyof typeof form, label: string, type: 'text' | 'password' = 'text') => (
    <label className="field">
      <span>{label}</span>
      <input
        type={type}
        className="big-input"
        autoComplete="off"
        maxLength={key === 'name' ? 100 : key === 'id' ? 32 : 200}
        value={form[key]}
        data-testid={`bootstrap-${key}`}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
    </label>
  );

  return (
    <div className="signin">
      <form
        className="signin-form"
        data-testid="bootstrap-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h1>
          <Bi k="firstRun.title" />
        </h1>
        <p className="small">{t('firstRun.explain')}</p>
        {field('id', t('signIn.personId'))}
        {field('name', t('people.name'))}
        {field('password', t('signIn.password'), 'password')}
        {field('again', t('people.passwordAgain'), 'password')}
        {error && <ErrorView error={error} testId="bootstrap-error" />}
        <button type="submit" className="confirm" disabled={busy} data-testid="bootstrap-submit">
          <Bi k="firstRun.submit" />
        </button>
      </form>
    </div>
  );
}
