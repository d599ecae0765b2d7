// Sign-in: who is at the counter, as a teller or a supervisor. Real passwords come later; the
// Terminal records the ID given here on every trade, void and approval.
import { useRef, useState } from 'react';
import { useApp, type Role } from '../session';
import { navigate } from '../hooks';
import { Bi, useI18n } from '../i18n/i18n';

export function SignIn() {
  const { t } = useI18n();
  const { signIn, info } = useApp();
  const [id, setId] = useState('');
  const [role, setRole] = useState<Role>('teller');
  const [missing, setMissing] = useState(false);
  const idRef = useRef<HTMLInputElement>(null);

  const submit = () => {
    const trimmed = id.trim();
    if (!trimmed) {
      setMissing(true);
      idRef.current?.focus();
      return;
    }
    signIn({ id: trimmed, role });
    navigate('counter');
  };

  return (
    <div className="signin">
      <form
        className="signin-form"
        data-testid="signin-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h1>
          <Bi k="signIn.title" />
        </h1>
        {info && (
          <p className="muted">
            {info.institutionName} · {info.outletName} · {t('terminal')} {info.terminalId}
          </p>
        )}
        <label className="field">
          <span>{t('signIn.personId')}</span>
          <input
            ref={idRef}
            type="text"
            className="big-input"
            autoFocus
            autoComplete="off"
            maxLength={64}
            value={id}
            data-testid="signin-teller"
            aria-invalid={missing}
            onChange={(e) => {
              setId(e.target.value);
              setMissing(false);
            }}
          />
        </label>
        {missing && (
          <div className="error-view" role="alert">
            {t('signIn.personIdRequired')}
          </div>
        )}
        <fieldset className="roles">
          <legend>{t('signIn.role')}</legend>
          {(['teller', 'supervisor'] as const).map((r) => (
            <label key={r}>
              <input type="radio" name="role" value={r} checked={role === r} data-testid={`signin-role-${r}`} onChange={() => setRole(r)} />
              {t(r)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="confirm" data-testid="signin-submit">
          <Bi k="signIn.submit" />
        </button>
        <p className="muted small">{t('signIn.passwordsLater')}</p>
      </form>
    </div>
  );
}
