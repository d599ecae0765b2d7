// The counter (design/counter-ux.md): one screen, Customer on the left, Trade in the centre, Quote
// on the right, the status bar below. The keyboard leads: a returning customer's trade is
// ID, Enter, currency, amount, Enter, Enter. Esc goes back one step and keeps what was typed.
// Everything that decides (the ID check, the limit, the rate, the reporting path, the receipt
// number) is the Terminal's answer; the flow between them is the machine's (machine.ts); this
// screen only shows and asks.
import { AmountPanel } from './AmountPanel';
import { IdPanel } from './IdPanel';
import { QuotePanel } from './QuotePanel';
import { useCounter } from './useCounter';

export function Counter({ visible }: { visible: boolean }) {
  const { state, dispatch, refs, newTrade, onKeyDown, boardRates } = useCounter(visible);
  return (
    <div className="counter" hidden={!visible} onKeyDown={onKeyDown} data-testid="counter">
      <IdPanel state={state} dispatch={dispatch} refs={refs} />
      <AmountPanel state={state} dispatch={dispatch} refs={refs} boardRates={boardRates} />
      <QuotePanel state={state} dispatch={dispatch} refs={refs} onNewTrade={newTrade} />
    </div>
  );
}
