// A reserve movement as the form holds it (renderer/screens/Reserves.tsx): the kinds of movement,
// each with the rule shown above its form, the rebalancing channels (第四十五条), the form's fields,
// and the movement as the contract takes it. The Terminal decides every rule; nothing here refuses.
import type { Input } from '../../../shared/api';
import { RMB } from '../../../shared/money/currencies';
import type { CashPlace } from '../../backoffice';
import type { MessageKey } from '../../i18n/messages';

export type MoveKind = 'cash_deposit' | 'cash_withdrawal' | 'transfer_in' | 'transfer_out' | 'account_transfer' | 'rebalance' | 'till_safe' | 'cheques_to_bank';
export const KINDS: readonly { kind: MoveKind; label: MessageKey; rule: MessageKey }[] = [
  { kind: 'cash_deposit', label: 'reserves.kind.cashDeposit', rule: 'reserves.rule.cash' },
  { kind: 'cash_withdrawal', label: 'reserves.kind.cashWithdrawal', rule: 'reserves.rule.cash' },
  { kind: 'transfer_in', label: 'reserves.kind.transferIn', rule: 'reserves.rule.transfer' },
  { kind: 'transfer_out', label: 'reserves.kind.transferOut', rule: 'reserves.rule.transfer' },
  { kind: 'account_transfer', label: 'reserves.kind.accountTransfer', rule: 'reserves.rule.accounts' },
  { kind: 'rebalance', label: 'reserves.kind.rebalance', rule: 'reserves.rule.rebalance' },
  { kind: 'till_safe', label: 'reserves.kind.tillSafe', rule: 'reserves.rule.tillSafe' },
  // 第三十条 (issue 19 item 8): traveller's cheques taken for settlement, to the account bank.
  { kind: 'cheques_to_bank', label: 'reserves.kind.chequesToBank', rule: 'reserves.rule.chequesToBank' },
];
export const CHANNELS: readonly { value: 'internal' | 'other_institution' | 'bank'; label: MessageKey }[] = [
  { value: 'internal', label: 'reserves.channel.internal' },
  { value: 'other_institution', label: 'reserves.channel.otherInstitution' },
  { value: 'bank', label: 'reserves.channel.bank' },
];

export interface Form {
  currency: string;
  amount: string;
  place: CashPlace;
  accountId: string;
  fromAccountId: string;
  toAccountId: string;
  note: string;
  channel: 'internal' | 'other_institution' | 'bank';
  counterparty: string;
  method: 'cash' | 'transfer';
  handoverPlace: string;
  sameCity: '' | 'yes' | 'no';
  inOn: boolean;
  inCurrency: string;
  inAmount: string;
  inPlace: string;
  outOn: boolean;
  outCurrency: string;
  outAmount: string;
  outPlace: string;
  ratePer100: string;
}

export const EMPTY: Form = {
  currency: RMB, amount: '', place: 'safe', accountId: '', fromAccountId: '', toAccountId: '', note: '',
  channel: 'internal', counterparty: '', method: 'cash', handoverPlace: '', sameCity: '',
  inOn: true, inCurrency: 'USD', inAmount: '', inPlace: 'safe', outOn: true, outCurrency: RMB, outAmount: '', outPlace: 'safe', ratePer100: '',
};

/** The movement as the contract takes it, from what the form holds. */
export function moveInput(kind: MoveKind, f: Form, actor: string): Input<'reserves.move'> {
  const base = { note: f.note.trim(), actor };
  const other: CashPlace = f.place === 'till' ? 'safe' : 'till';
  switch (kind) {
    case 'cash_deposit':
      return { kind, currency: f.currency, amount: f.amount.trim(), from: f.place, accountId: f.accountId, ...base };
    case 'cash_withdrawal':
      return { kind, currency: f.currency, amount: f.amount.trim(), accountId: f.accountId, to: f.place, ...base };
    case 'transfer_in':
    case 'transfer_out':
      return { kind, amount: f.amount.trim(), accountId: f.accountId, ...base };
    case 'account_transfer':
      return { kind, amount: f.amount.trim(), fromAccountId: f.fromAccountId, toAccountId: f.toAccountId, ...base };
    case 'till_safe':
      return { kind, currency: f.currency, amount: f.amount.trim(), from: f.place, to: other, ...base };
    case 'cheques_to_bank':
      return { kind, currency: f.currency, amount: f.amount.trim(), accountId: f.accountId, ...base };
    case 'rebalance':
      return {
        kind,
        channel: f.channel,
        counterparty: f.counterparty.trim(),
        method: f.method,
        ...(f.method === 'cash' ? { place: f.handoverPlace.trim(), ...(f.sameCity ? { sameCity: f.sameCity === 'yes' } : {}) } : {}),
        ...(f.inOn ? { in: { currency: f.inCurrency, amount: f.inAmount.trim(), place: f.inPlace } } : {}),
        ...(f.outOn ? { out: { currency: f.outCurrency, amount: f.outAmount.trim(), place: f.outPlace } } : {}),
        ...(f.inOn && f.outOn && f.ratePer100.trim() ? { ratePer100: f.ratePer100.trim() } : {}),
        ...base,
      };
  }
}
