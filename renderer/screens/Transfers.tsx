// Notes between counters (调拨, issue 17 item 4): the transfers in transit to and from this counter,
// counting one in, and sending notes to another counter of the institution. Two linked movements:
// the notes leave this till or safe when sent and are in transit until the receiving counter
// counts them in; both ends and the hub see them in transit until then. The count is blind: the
// receiver types what it counts, and the Terminal compares it with what was sent; a difference
// needs a reason and a supervisor's approval. The Terminal decides every rule.
import { useCallback, useEffect, useRef, useState } from 'react';
import { call, type ApiError } from '../api';
import type { OutletInfo, TransferView } from '../apiTypes';
import { approve, filled, NO_SUPERVISOR, type SupervisorEntry } from '../approval';
import { notesOf, totalOf, touched, type CashPlace, type CountSheet } from '../backoffice';
import { BackOfficeNav } from '../components/BackOfficeNav';
import { ErrorView } from '../components/ErrorView';
import { NoteGrid } from '../components/NoteGrid';
import { CurrencySelect, PlaceSelect } from '../components/Selects';
import { SupervisorFields } from '../components/SupervisorFields';
import { dateTime, money } from '../format';
import { Bi, both, useI18n } from '../i18n/i18n';
import { useApp } from '../session';

export function Transfers() {
  const { t } = useI18n();
  const [list, setList] = useState<TransferView[]>([]);
  const [outlet, setOutlet] = useState<OutletInfo>();
  const [error, setError] = useState<ApiError>();
  const [counting, setCounting] = useState<TransferView>();
  const [showAll, setShowAll] = useState(false);

  const refresh = useCallback(
    () =>
      void call('cash.transfers', { all: showAll }).then((r) => {
        if (!r.ok) return setError(r.error);
        setError(undefined);
        setList(r.value);
      }),
    [showAll],
  );
  useEffect(() => {
    void call('outlet.get', {}).then((r) => r.ok && setOutlet(r.value));
  }, []);
  useEffect(() => {
    refresh();
    // What the hub brings (a transfer to count, a count at the other end) shows within seconds.
    const timer = setInterval(refresh, 5_000);
    return () => clearInterval(timer);
  }, [refresh]);

  // The outlet's safe kept at another counter (the hub names it): notes for the safe go there.
  const keeper = outlet?.hub?.safeCounter;
  const safeKeeper = keeper && keeper !== outlet?.terminalId ? outlet?.hub?.counters.find((c) => c.terminalId === keeper)?.name ?? keeper : undefined;

  const counterName = (v: TransferView) => {
    const id = v.direction === 'out' ? v.toCounter : v.fromCounter;
    const outletCode = v.direction === 'out' ? v.toOutlet : v.fromOutlet;
    return `${v.peerName ?? id}${outlet && outletCode !== outlet.outletCode ? ` · ${outletCode}` : ''}`;
  };

  return (
    <div className="screen transfers" data-testid="transfers-screen">
      <BackOfficeNav current="transfers" />
      <header className="screen-head">
        <h1>
          <Bi k="transfers.title" />
        </h1>
      </header>
      <p className="muted small">{t('transfers.explain')}</p>
      {safeKeeper && (
        <p className="small" data-testid="transfers-safe-elsewhere">
          {t('transfers.safeElsewhere', { counter: safeKeeper })}
        </p>
      )}
      {error && <ErrorView error={error} testId="transfers-error" />}
      <section>
        <h2>{t('transfers.list')}</h2>
        <label className="check">
          <input type="checkbox" checked={showAll} data-testid="transfers-all" onChange={(e) => setShowAll(e.target.checked)} /> {t('transfers.showAll')}
        </label>
        {list.length === 0 ? (
          <p className="muted" data-testid="transfers-none">{t('transfers.none')}</p>
        ) : (
          <table className="table" data-testid="transfers-list">
            <thead>
              <tr>
                <th>{t('transfers.direction')}</th>
                <th>{t('transfers.counter')}</th>
                <th className="num">{t('transfers.amount')}</th>
                <th>{t('transfers.sent')}</th>
                <th>{t('transfers.state')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.map((v) => (
                <tr key={v.id} data-testid={`transfer-${v.id}`} data-state={v.state} data-direction={v.direction}>
                  <td>{t(v.direction === 'out' ? 'transfers.out' : 'transfers.in')}</td>
                  <td>{counterName(v)}</td>
                  <td className="num mono">{money(v)}</td>
                  <td>
                    {v.sentBy} · {dateTime(v.sentAt)}
                    {v.note && <div className="muted small">{v.note}</div>}
                  </td>
                  <td data-testid={`transfer-state-${v.id}`}>
                    {v.state === 'inTransit' ? t('transfers.inTransit') : t('transfers.received', { by: v.received?.by ?? '', at: dateTime(v.received?.at) })}
                    {v.received && v.received.difference !== '0' && (
                      <div className="todo-word">{t('transfers.difference', { amount: money({ currency: v.currency, amount: v.received.difference }) })}</div>
                    )}
                  </td>
                  <td>
                    {v.direction === 'in' && v.state === 'inTransit' && (
                      <button type="button" data-testid={`transfer-count-${v.id}`} onClick={() => setCounting(v)}>
                        {t('transfers.countIn')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {counting && (
        <CountIn
          transfer={counting}
          onDone={() => {
            setCounting(undefined);
            refresh();
          }}
        />
      )}
      <SendForm outlet={outlet} onSent={refresh} />
    </div>
  );
}

/** Counting a transfer in: blind, by note, into the till or the safe. */
function CountIn({ transfer, onDone }: { transfer: TransferView; onDone(): void }) {
  const { t } = useI18n();
  const { person, notify, bumpStatus } = useApp();
  const [place, setPlace] = useState<CashPlace>('till');
  const [sheet, setSheet] = useState<CountSheet>({});
  const [reason, setReason] = useState('');
  const [supervisor, setSupervisor] = useState<SupervisorEntry>(NO_SUPERVISOR);
  const [needsApproval, setNeedsApproval] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const submitRef = useRef<HTMLButtonElement>(null);

  const submit = async () => {
    if (!person || busy) return;
    setBusy(true);
    // The approval goes only once the reason and the supervisor are given: a recount that agrees needs neither.
    const approving = needsApproval && !!reason.trim() && filled(supervisor);
    const input: { id: string; to: CashPlace; notes: { denomination: string; count: number }[]; actor: string; varianceReason?: string; supervisorId?: string; approval?: string } = {
      id: transfer.id, to: place, notes: notesOf(sheet[transfer.currency]), actor: person.id,
      ...(approving ? { varianceReason: reason.trim(), supervisorId: supervisor.id.trim() } : {}),
    };
    if (approving) {
      const a = await approve('cash.transferReceive', input, supervisor);
      setSupervisor((s) => ({ ...s, password: '' }));
      if (!a.ok) {
        setBusy(false);
        return setError(a.error);
      }
      input.approval = a.value;
    }
    const r = await call('cash.transferReceive', input);
    setBusy(false);
    bumpStatus();
    if (!r.ok) {
      setError(r.error);
      // A count that differs: count again, or (if it still differs) give the reason and a supervisor.
      if (r.error.code === 'TRANSFER_COUNT_DIFFERS') setNeedsApproval(true);
      return;
    }
    notify({ kind: 'ok', message: both('transfers.countedNotice', { amount: money({ currency: transfer.currency, amount: r.value.received?.amount ?? '' }) }) });
    onDone();
  };

  return (
    <section className="panel" data-testid="transfer-count">
      <h2>{t('transfers.countTitle', { amount: money(transfer), from: transfer.peerName ?? transfer.fromCounter })}</h2>
      <p className="muted small">{t('transfers.countExplain')}</p>
      <PlacePicker value={place} onChange={setPlace} testId="transfer-count-place" />
      <NoteGrid place="counted" currencies={[transfer.currency]} sheet={sheet} onChange={setSheet} onLast={() => submitRef.current?.focus()} />
      {needsApproval && (
        <>
          <label className="field">
            <span>{t('transfers.reason')}</span>
            <input type="text" maxLength={500} value={reason} data-testid="transfer-count-reason" onChange={(e) => setReason(e.target.value)} />
          </label>
          <SupervisorFields value={supervisor} onChange={setSupervisor} onEnter={() => void submit()} testId="transfer-count-supervisor" />
        </>
      )}
      {error && <ErrorView error={error} testId="transfer-count-error" />}
      <button
        type="button"
        className="confirm"
        ref={submitRef}
        data-testid="transfer-count-submit"
        disabled={busy || !touched(sheet[transfer.currency])}
        onClick={() => void submit()}
      >
        {t('transfers.countSubmit')}
      </button>
      <button type="button" onClick={onDone}>
        {t('transfers.cancel')}
      </button>
    </section>
  );
}

/** Sending notes: to whom (a counter of this outlet, or another's by its id), from where, what, counted by note. */
function SendForm({ outlet, onSent }: { outlet: OutletInfo | undefined; onSent(): void }) {
  const { t } = useI18n();
  const { person, notify, bumpStatus } = useApp();
  const [to, setTo] = useState('');
  const [from, setFrom] = useState<CashPlace>('till');
  const [currency, setCurrency] = useState('USD');
  const [amountText, setAmountText] = useState('');
  const [sheet, setSheet] = useState<CountSheet>({});
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const submitRef = useRef<HTMLButtonElement>(null);
  const others = (outlet?.hub?.counters ?? []).filter((c) => c.terminalId !== outlet?.terminalId && !c.revoked);

  const send = async () => {
    if (!person || busy) return;
    setBusy(true);
    const r = await call('cash.transferSend', { toCounter: to.trim(), from, currency, amount: amountText.trim(), notes: notesOf(sheet[currency]), note: note.trim(), actor: person.id });
    setBusy(false);
    bumpStatus();
    if (!r.ok) return setError(r.error);
    setError(undefined);
    setAmountText('');
    setSheet({});
    setNote('');
    notify({ kind: 'ok', message: both('transfers.sentNotice', { amount: money(r.value), to: r.value.peerName ?? r.value.toCounter }) });
    onSent();
  };

  return (
    <section className="panel" data-testid="transfer-send">
      <h2>{t('transfers.sendTitle')}</h2>
      <div className="form-row">
        <label className="field">
          <span>{t('transfers.to')}</span>
          <input type="text" list="transfer-counters" maxLength={64} value={to} data-testid="transfer-to" onChange={(e) => setTo(e.target.value)} />
          <datalist id="transfer-counters">
            {others.map((c) => (
              <option key={c.terminalId} value={c.terminalId}>
                {c.name}
                {c.terminalId === outlet?.hub?.safeCounter ? ` · ${t('transfers.outletSafe')}` : ''}
              </option>
            ))}
          </datalist>
        </label>
        <PlacePicker value={from} onChange={setFrom} testId="transfer-from" label={t('transfers.from')} />
        <label className="field">
          <span>{t('transfers.currency')}</span>
          <CurrencySelect value={currency} onChange={setCurrency} testId="transfer-currency" />
        </label>
        <label className="field">
          <span>{t('transfers.amount')}</span>
          <input type="text" inputMode="decimal" maxLength={20} className="mono" value={amountText} data-testid="transfer-amount" onChange={(e) => setAmountText(e.target.value)} />
        </label>
      </div>
      <NoteGrid place="sent" currencies={[currency]} sheet={sheet} onChange={setSheet} onLast={() => submitRef.current?.focus()} />
      <label className="field">
        <span>{t('transfers.note')}</span>
        <input type="text" maxLength={200} value={note} data-testid="transfer-note" onChange={(e) => setNote(e.target.value)} />
      </label>
      {error && <ErrorView error={error} testId="transfer-send-error" />}
      <button
        type="button"
        className="confirm"
        ref={submitRef}
        data-testid="transfer-send-submit"
        disabled={busy || !to.trim() || !amountText.trim() || totalOf(sheet[currency]).isZero()}
        onClick={() => void send()}
      >
        {t('transfers.send')}
      </button>
    </section>
  );
}

function PlacePicker(props: { value: CashPlace; onChange(p: CashPlace): void; testId: string; label?: string }) {
  const { t } = useI18n();
  return (
    <label className="field">
      <span>{props.label ?? t('transfers.into')}</span>
      <PlaceSelect value={props.value} onChange={props.onChange} testId={props.testId} />
    </label>
  );
}
