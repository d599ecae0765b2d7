// Reference data from the hub, applied (issue 16 item 4; ../shared/design/hub.md "Down: reference
// data"): the changes a pull brought, in one transaction with the version they take the terminal
// to (hub_reference, migration 012), each through the writer the counter's own method uses — a
// rate through the board's, a person through the staff's, a calendar year, a conversion table, a
// policy version, the outlet (migration 013), a receipt book (014), notes sent or counted at
// another counter (016), the outlet's day closed (017) and the institution's reserve accounts (020) through theirs — so one module still writes each
// table, and each change is in the audit trail (and so goes up to the hub again as an event: the
// hub sees what every counter applied, and when).
//
// A change the counter cannot take as it stands (a conversion table for a month this counter
// imported itself) is kept as it was and said in the trail (hub.pulled lists it), never half
// applied; the version moves past it, so one stale change cannot hold every later one back.
import { importList } from '../screening/lists';
import { checkYearCalendar } from '../../../shared/calendar/workdays';
import { Refusal } from '../../../shared/errors';
import { RMB } from '../../../shared/money/currencies';
import { fromMinor } from '../../../shared/money/money';
import { checkNextPolicy } from '../../../shared/policy';
import { checkBoardRate } from '../../../shared/rates';
import type { ReferenceChange } from '../../../shared/sync/reference';
import { audit } from '../../ledger/audit';
import { storeReceiptBook } from '../../ledger/receipts';
import { transferFromHub } from '../../ledger/transfers';
import { first, q, run, type Database } from '../../ledger/sql';
import { storeCalendarYear } from '../calendar/calendars';
import { storeOutletDay } from '../dayClose/outletClose';
import { storeConversionTable } from '../conversionRates';
import { storePersonFromHub } from '../people/staff';
import { storeRate } from '../rates/board';
import { assertListed } from '../rates/listings';
import { businessDate } from '../../../shared/time';
import { storeBasicAccountFromHub, storeReserveAccountFromHub } from '../reserves/accounts';
import { insertPolicy, readOutlet, readPolicies, storeOutletFromHub } from '../settings';

export interface HubReferenceState {
  /** The hub-wide version of reference data applied here ('0': none yet). */
  version: string;
  /** When the hub last answered a pull: how old what the counter shows may be. */
  pulledAt: string | undefined;
}

export function hubReference(db: Database): HubReferenceState {
  const r = first(db, q.selectFrom('hub_reference').select(['version', 'pulled_at']).where('id', '=', 1n));
  return { version: r ? String(r.version) : '0', pulledAt: r?.pulled_at };
}

export interface Applied {
  version: string;
  applied: number;
  /** Changes kept as they were, with why. */
  skipped: { version: string; kind: string; code: string }[];
  /** People locked or disabled: their sessions here end. */
  signedOut: string[];
  /** A policy version was added: the terminal reads its policies again. */
  policyChanged: boolean;
  /** The outlet as the hub masters it came: the terminal reads its outlet again. */
  outletChanged: boolean;
}

/** The changes applied and the version stored, in one transaction (the caller's pull answer, in order). */
export function applyReferenceChanges(db: Database, changes: readonly ReferenceChange[], latest: string, at: string): Applied {
  return db.transaction((): Applied => {
    const held = BigInt(hubReference(db).version);
    const out: Applied = { version: String(held), applied: 0, skipped: [], signedOut: [], policyChanged: false, outletChanged: false };
    for (const c of changes) {
      // A change already applied (an answer read twice) is not applied again.
      if (BigInt(c.version) <= held) continue;
      try {
        db.transaction(() => applyOne(db, c, at, out))();
        out.applied++;
      } catch (e) {
        // A rule of the counter or of the ledger (a trigger, a constraint) says no for good; anything
        // else (the disk) stops the pull, to be tried again whole.
        const code = e instanceof Refusal ? e.code : e instanceof Error && 'code' in e && String(e.code).startsWith('SQLITE_CONSTRAINT') ? String(e.code) : undefined;
        if (code === undefined) throw e;
        out.skipped.push({ version: c.version, kind: c.kind, code });
      }
    }
    const version = BigInt(latest) > held ? BigInt(latest) : held;
    run(db, q.insertInto('hub_reference').values({ id: 1n, version, pulled_at: at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ version, pulled_at: at })));
    if (version !== held) {
      audit(db, { at, actor: 'hub', action: 'hub.pulled', entity: 'hub_reference', entityId: String(version), detail: { from: String(held), applied: out.applied, skipped: out.skipped } });
    }
    out.version = String(version);
    return out;
  }).immediate();
}

function applyOne(db: Database, c: ReferenceChange, at: string, out: Applied): void {
  switch (c.kind) {
    case 'person': {
      const r = storePersonFromHub(db, c.body, at, 'hub');
      if (r.signedOut) out.signedOut.push(c.body.id);
      return;
    }
    case 'rate': {
      // Checked again as the counter checks a rate typed here (the hub checked it too).
      const rate = checkBoardRate({ currency: c.body.currency, buyPer100: c.body.buyPer100, sellPer100: c.body.sellPer100, fee: fromMinor(BigInt(c.body.feeMinor), RMB).toString() });
      // In force from when HQ set it (a later rate set here stays in force over an older one from
      // HQ), but never from a time this PC has not reached (a hub clock a little ahead).
      const effectiveAt = c.body.effectiveAt < at ? c.body.effectiveAt : at;
      // 第三十四条: HQ's rate for a currency this counter may not quote yet is kept out (hub.pulled
      // lists it skipped, CURRENCY_NOT_YET_LISTED or CURRENCY_NOT_FILED), as one typed here would be.
      assertListed(db, rate.currency, businessDate(new Date(at)));
      storeRate(db, { id: c.body.id, currency: rate.currency, buy_per_100: rate.buyPer100, sell_per_100: rate.sellPer100, fee_minor: rate.feeMinor, effective_at: effectiveAt, set_by: c.body.setBy }, at);
      return;
    }
    case 'calendar': {
      const y = checkYearCalendar({ year: c.body.year, holidays: c.body.holidays, workdays: c.body.workdays });
      storeCalendarYear(db, y, c.body.source, at, c.body.loadedBy);
      return;
    }
    case 'conversionTable':
      storeConversionTable(db, c.body.month, new Map(c.body.rates.map((r) => [r.currency, r.usdPerUnit])), at, c.body.importedBy);
      return;
    case 'policy': {
      // The next after this counter's latest (a version loaded here by hand first is kept, and said).
      const held = readPolicies(db);
      insertPolicy(db, checkNextPolicy(c.body, held[held.length - 1]!), at, 'hub');
      out.policyChanged = true;
      return;
    }
    case 'outlet':
      storeOutletFromHub(db, c.body, c.version, at);
      out.outletChanged = true;
      return;
    case 'receiptBook': {
      // The outlet's books: this counter numbers in its own (ledger/receipts.ts), and its taking one
      // or giving one back is in its trail (第三十五条(三) 登记领用).
      storeReceiptBook(db, c.body, c.version);
      const own = c.body.terminalId === readOutlet(db).terminal_id;
      if (own) audit(db, { at, actor: 'hub', action: c.body.returnedAt === null ? 'receiptBook.received' : 'receiptBook.returned', entity: 'receiptBook', entityId: c.body.code, detail: c.body });
      return;
    }
    case 'outletDay':
      // The outlet's day closed over its counters: the date is locked here too (dayClose/outletClose.ts).
      storeOutletDay(db, c.body, c.version, at);
      return;
    case 'transfer':
      // Notes sent to this counter (to count), or counted at the other end (to clear): ledger/transfers.ts.
      transferFromHub(db, readOutlet(db).terminal_id, c.body, at);
      return;
    case 'reserveAccount':
      // The institution's reserve accounts, registered by HQ (reserves/accounts.ts).
      storeReserveAccountFromHub(db, c.body, at);
      return;
    case 'basicAccount':
      storeBasicAccountFromHub(db, c.body, at);
      return;
    case 'watchList':
      // 第五十四条: HQ's list version, imported as one imported here (the same file again is no new
      // version); the counter screens against it from now on.
      importList(db, { id: `hub-${c.version}`, listId: c.body.listId, name: c.body.name, format: c.body.format, content: c.body.content, at, by: c.body.importedBy, source: 'hub' });
      return;
  }
}
