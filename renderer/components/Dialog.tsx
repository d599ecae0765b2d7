// A small modal for what needs one more answer (a supervisor, a reason). Enter confirms, Esc closes
// without losing what was typed elsewhere, and focus goes back where it was.
import { useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import { dialogOpened } from '../session';
import { useFocusReturn } from '../hooks';

export function Dialog({ title, children, onClose, testId }: { title: ReactNode; children: ReactNode; onClose(): void; testId?: string }) {
  const box = useRef<HTMLDivElement>(null);
  // Focus goes back where it was, or (when that is gone, e.g. the voided row's button) to the
  // screen's first field: never to nowhere.
  useFocusReturn(true, firstVisibleField);
  useEffect(() => dialogOpened(), []);
  // Before the browser paints: the next key already goes to the dialog.
  useLayoutEffect(() => {
    const first = box.current?.querySelector<HTMLElement>('input, select, textarea, button');
    first?.focus();
  }, []);
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        ref={box}
        data-testid={testId}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <h2 className="dialog-title">{title}</h2>
        {children}
      </div>
    </div>
  );
}

function firstVisibleField(): HTMLElement | undefined {
  const all = document.querySelectorAll<HTMLElement>('main input:not([disabled]), main button:not([disabled]), main select:not([disabled])');
  return [...all].find((el) => el.offsetParent !== null && !el.closest('.dialog'));
}
