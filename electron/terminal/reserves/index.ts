// The reserves' methods (备付金, 第三十八–四十六条): the basic account and the reserve accounts, the
// movements of reserve money, and the reserve ledger (台账). Specs: shared/api/reserves.ts.
import type { HandlersOf } from '../services';
import { accounts, openAccount, setBasicAccount } from './accounts';
import { reserveLedger } from './ledger';
import { move } from './movements';

export const reservesHandlers = {
  'reserves.setBasicAccount': setBasicAccount,
  'reserves.openAccount': openAccount,
  'reserves.accounts': accounts,
  'reserves.move': move,
  'reserves.ledger': reserveLedger,
} satisfies HandlersOf<'reserves'>;
