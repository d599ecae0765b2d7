// The supervisor's two fields of every approval (void, prompt override, page mode, reprint, queue
// retry): their staff ID, Enter, their password, Enter. The password is typed by the supervisor
// on the teller's screen and is cleared as soon as it has been sent.
import { useRef, type Ref, type RefObject } from 'react';
import type { SupervisorEntry } from '../approval';
import { useI18n } from '../i18n/i18n';
import { EnterField } from './EnterField';

export function SupervisorFields(props: {
  value: SupervisorEntry;
  onChange(v: SupervisorEntry): void;
  /** Enter in the password field. */
  onEnter(): void;
  /** data-testid of the ID field; the password field's is `<testId>-password`. */
  testId: string;
  idRef?: Ref<HTMLInputElement>;
  /** The password field, for a screen that moves the focus to it itself. */
  passwordRef?: RefObject<HTMLInputElement | null>;
  disabled?: boolean;
  /** The label of the ID field, when it says more (e.g. "from the second copy"). */
  label?: string;
}) {
  const { t } = useI18n();
  const own = useRef<HTMLInputElement>(null);
  const password = props.passwordRef ?? own;
  const { value, onChange } = props;
  return (
    <div className="supervisor-fields">
      <EnterField
        label={props.label ?? t('quote.supervisorApproval')}
        value={value.id}
        onChange={(id) => onChange({ ...value, id })}
        // Enter with no ID: the dialog decides (a first reprint needs nobody).
        onEnter={() => (value.id.trim() ? password.current?.focus() : props.onEnter())}
        testId={props.testId}
        maxLength={64}
        {...(props.disabled !== undefined ? { disabled: props.disabled } : {})}
        {...(props.idRef ? { inputRef: props.idRef } : {})}
      />
      <EnterField
        label={t('supervisor.password')}
        type="password"
        value={value.password}
        onChange={(pw) => onChange({ ...value, password: pw })}
        onEnter={props.onEnter}
        testId={`${props.testId}-password`}
        maxLength={200}
        inputRef={password}
        {...(props.disabled !== undefined ? { disabled: props.disabled } : {})}
      />
    </div>
  );
}
