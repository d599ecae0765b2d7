// Reserves (备付金, 第三十八–四十六条), for the supervisor and the manager: the reserve accounts by
// bank with their balances, cash on hand in the till and the safe per currency, the totals; a form
// for each movement (deposit, withdrawal, transfer in / out of the basic account, between reserve
// accounts, rebalancing, till ↔ safe); the basic account and new reserve accounts (manager); and
// the month's reserve ledger (台账, 第四十六条) to print and export. The Terminal decides every
// rule; a refusal is shown in both languages with the article it cites.
//
// This file loads what the screen shows and lays it out; the pieces are in reserves/: Overview (the
// accounts and cash on hand), MoveForm (a movement; move.ts holds its kinds and fields),
// AccountSettings (the manager's), LedgerPanel (the month's 台账).
import { useEffect, useState } from 'react';
import { call, type ApiError } from '../api';
import type { ReserveLedgerView, ReservesView } from '../apiTypes';
import { monthOfDate } from '../backoffice';
import { BackOfficeNav } from '../components/BackOfficeNav';
import { ErrorView } from '../components/ErrorView';
import { Bi } from '../i18n/i18n';
import { useApp } from '../session';
import { mayCall } from '../../shared/api';
import { AccountSettings } from './reserves/AccountSettings';
import { LedgerPanel } from './reserves/LedgerPanel';
import { MoveForm } from './reserves/MoveForm';
import { Overview } from './reserves/Overview';

export function Reserves() {
  const { info, person } = useApp();
  // The movements are the supervisor's and the manager's (reserves.move's roles); a reporter reads
  // the accounts and the ledger only (issue 20 item 2).
  const mayMove = person !== undefined && mayCall('reserves.move', person.role);
  const [view, setView] = useState<ReservesView>();
  const [viewError, setViewError] = useState<ApiError>();
  const [month, setMonth] = useState('');
  const [ledger, setLedger] = useState<ReserveLedgerView>();
  const [ledgerError, setLedgerError] = useState<ApiError>();

  const refresh = () =>
    void call('reserves.accounts', {}).then((r) => {
      if (r.ok) {
        setView(r.value);
        setViewError(undefined);
      } else setViewError(r.error);
    });
  const loadLedger = (m: string) =>
    void call('reserves.ledger', { month: m }).then((r) => {
      if (r.ok) {
        setLedger(r.value);
        setLedgerError(undefined);
      } else {
        setLedger(undefined);
        setLedgerError(r.error);
      }
    });

  useEffect(refresh, []);
  useEffect(() => {
    if (!month && info) setMonth(monthOfDate(info.businessDate));
  }, [month, info]);
  useEffect(() => {
    if (month) loadLedger(month);
  }, [month]);

  return (
    <div className="screen reserves" data-testid="reserves-screen">
      <BackOfficeNav current="reserves" />
      <header className="screen-head no-print">
        <h1>
          <Bi k="reserves.title" />
        </h1>
      </header>
      {viewError && <ErrorView error={viewError} testId="reserves-load-error" />}

      {view && <Overview view={view} />}

      {mayMove && (
        <MoveForm
          view={view}
          onMoved={() => {
            refresh();
            if (month) loadLedger(month);
          }}
        />
      )}

      <AccountSettings onChanged={refresh} />

      <LedgerPanel month={month} onMonth={setMonth} ledger={ledger} error={ledgerError} onError={setLedgerError} />
    </div>
  );
}
