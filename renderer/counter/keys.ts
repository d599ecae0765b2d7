// Enter on a field of the counter: the machine's event, the browser's own Enter prevented.
import type { CounterEvent } from './machine';

export function onEnter(dispatch: (e: CounterEvent) => void, event: CounterEvent) {
  return (e: { key: string; preventDefault(): void }): void => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    dispatch(event);
  };
}
