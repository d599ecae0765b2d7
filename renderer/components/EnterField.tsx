// A labelled text field that does its action on Enter (the keyboard rule of counter-ux.md):
// the supervisor fields of the approval, void, reprint and retry dialogs.
import type { ReactNode, Ref } from 'react';

export function EnterField(props: {
  label: ReactNode;
  value: string;
  onChange(value: string): void;
  onEnter(): void;
  testId: string;
  maxLength?: number;
  inputRef?: Ref<HTMLInputElement>;
  /** A supervisor's password: never shown, never remembered by the browser. */
  type?: 'text' | 'password';
  disabled?: boolean;
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        ref={props.inputRef}
        type={props.type ?? 'text'}
        autoComplete={props.type === 'password' ? 'off' : undefined}
        value={props.value}
        maxLength={props.maxLength}
        disabled={props.disabled}
        data-testid={props.testId}
        onChange={(e) => props.onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            props.onEnter();
          }
        }}
      />
    </label>
  );
}
