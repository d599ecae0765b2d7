// Enter (and ↑/↓) on a field of the counter: the machine's event, the browser's own key prevented.
import type { CounterEvent } from './machine';

export function onEnter(dispatch: (e: CounterEvent) => void, event: CounterEvent) {
  return (e: { key: string; preventDefault(): void }): void => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    dispatch(event);
  };
}

/**
 * ↓ / ↑ on a field: the machine's event for a step forward (1) or back (-1), the caret left where
 * it is (issue 20 item 4: the ID type, the small rate board, the amount's side); Enter as onEnter.
 */
export function onArrowsOrEnter(dispatch: (e: CounterEvent) => void, step: (by: 1 | -1) => CounterEvent, enter: CounterEvent) {
  const onEnterKey = onEnter(dispatch, enter);
  return (e: { key: string; preventDefault(): void }): void => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      dispatch(step(e.key === 'ArrowDown' ? 1 : -1));
      return;
    }
    onEnterKey(e);
  };
}
