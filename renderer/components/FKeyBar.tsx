// The function keys, always on screen (counter-ux.md: "function keys for the frequent actions,
// shown on screen"). Each is also a button for a mouse.
import { mayPress } from '../access';
import { sendKey, useApp, type FKey } from '../session';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

export const FKEYS: readonly [FKey, MessageKey][] = [
  ['F1', 'fkey.newTrade'],
  ['F2', 'fkey.switchDirection'],
  ['F3', 'fkey.currency'],
  ['F4', 'fkey.reprintLast'],
  ['F5', 'fkey.void'],
  ['F6', 'fkey.queue'],
  ['F7', 'fkey.rateBoard'],
  ['F8', 'fkey.daysTrades'],
  ['F9', 'fkey.customerBoard'],
  ['F10', 'fkey.language'],
  ['F12', 'fkey.dayClose'],
];

export function FKeyBar() {
  const { t } = useI18n();
  const { person } = useApp();
  // Only the keys of the signed-in person's work (issue 20 item 2): a reporter's bar has no
  // counter keys.
  const keys = FKEYS.filter(([key]) => !person || mayPress(key, person.role));
  return (
    <nav className="fkey-bar" aria-label={t('fkey.bar')} data-testid="fkey-bar">
      {keys.map(([key, label]) => (
        <button key={key} type="button" tabIndex={-1} className="fkey" data-testid={`fkey-${key}`} onMouseDown={(e) => e.preventDefault()} onClick={() => sendKey(key)}>
          <kbd>{key}</kbd> {t(label)}
        </button>
      ))}
    </nav>
  );
}
