// The console's frame: sign-in (a hub person: HQ manager, HQ reporter, auditor), then its tabs: the
// live view, the registers, the rate boards, the institution's reports, the inspection search. The session is the hub's bearer token, kept in this
// page only (a reload signs in again).
import { useState } from 'react';
import { roleWords } from '../../shared/words';
import { ErrorView } from '../components/ErrorView';
import { useI18n } from '../i18n/i18n';
import { hubCall, type HubError } from './hubApi';
import { LiveView } from './LiveView';
import { Rates } from './Rates';
import { Registers } from './Registers';
import { Inspection } from './Inspection';
import { Reports } from './Reports';

type Tab = 'live' | 'registers' | 'rates' | 'reports' | 'inspection';

interface Session {
  token: string;
  person: { id: string; name: string; role: string };
}

export function Console() {
  const { t, toggle, lang } = useI18n();
  const roleWord = (role: string) => roleWords(role)[lang];
  const [session, setSession] = useState<Session>();
  const [tab, setTab] = useState<Tab>('live');
  if (!session) return <SignIn onSignedIn={setSession} />;
  const manager = session.person.role === 'hqManager';
  const signOut = async () => {
    await hubCall('/v1/sign-out', {}, session.token);
    setSession(undefined);
  };
  return (
    <div className="hq">
      <header className="hq-header">
        <h1>{t('hq.title')}</h1>
        <span className="hq-person" data-testid="hq-person">
          {session.person.name} ({session.person.id}) · {roleWord(session.person.role)}
        </span>
        <button type="button" onClick={toggle} data-testid="hq-lang">{t('hq.otherLanguage')}</button>
        <button type="button" onClick={() => void signOut()} data-testid="hq-sign-out">{t('hq.signOut')}</button>
      </header>
      <nav className="hq-tabs no-print" aria-label={t('hq.title')}>
        {(['live', 'registers', 'rates', 'reports', 'inspection'] as const).map((k) => (
          <button key={k} type="button" className={tab === k ? 'active' : ''} aria-pressed={tab === k} data-testid={`hq-tab-${k}`} onClick={() => setTab(k)}>{t(`hq.tab.${k}`)}</button>
        ))}
      </nav>
      {tab === 'live' && <LiveView token={session.token} />}
      {tab === 'registers' && <Registers token={session.token} manager={manager} />}
      {tab === 'rates' && <Rates token={session.token} manager={manager} />}
      {tab === 'reports' && <Reports token={session.token} />}
      {tab === 'inspection' && <Inspection token={session.token} />}
    </div>
  );
}

function SignIn({ onSignedIn }: { onSignedIn(s: Session): void }) {
  const { t } = useI18n();
  const [id, setId] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<HubError>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    const r = await hubCall<Session>('/v1/sign-in', { id: id.trim(), password });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setPassword('');
    onSignedIn(r.value);
  };
  return (
    <div className="signin">
      <form className="signin-form" data-testid="hq-signin" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <h1>{t('hq.title')}</h1>
        <label className="field">
          <span>{t('signIn.personId')}</span>
          <input type="text" className="big-input" autoFocus autoComplete="username" maxLength={64} value={id} data-testid="hq-signin-id" onChange={(e) => setId(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('signIn.password')}</span>
          <input type="password" className="big-input" autoComplete="current-password" maxLength={200} value={password} data-testid="hq-signin-password" onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && <ErrorView error={error} testId="hq-signin-error" />}
        <button type="submit" className="confirm" disabled={busy || !id.trim() || !password} data-testid="hq-signin-submit">{t('signIn.submit')}</button>
      </form>
    </div>
  );
}
