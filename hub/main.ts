// `npm run hub`: the institution's hub (issue 16, docs/hub.md). With no database named it keeps an
// embedded PostgreSQL (PGlite) in a data folder, so a fresh clone runs it with nothing installed;
// `--database postgres://…` (or HUB_DATABASE_URL) uses a real PostgreSQL server. It prints its
// address and one JSON line per thing that happens. Plain HTTP only on loopback; HTTPS with
// --cert and --key.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseInput } from '../shared/api/invalid';
import { Refusal } from '../shared/errors';
import { printedReceiptNo } from '../shared/receipts';
import { fromMinor, currencyInfo } from '../shared/money/money';
import { basicAccountRequest, bookRequest, createPersonRequest, issueBookRequest, openReserveAccountRequest, outletRequest } from '../shared/sync/reference';
import { clockFrom } from '../shared/time';
import { saveOutlet, setInstitutionName } from './outlets';
import { listReserveAccounts, openReserveAccount, setBasicAccount } from './reserveAccounts';
import { createPerson } from './people';
import { issueBookNow, listBooks, registerText, returnBook } from './receiptBooks';
import { openPGliteHub, openPostgresHub, type HubDatabase } from './db/open';
import { startHubServer } from './server';
import { createEnrolmentCode, revokeTerminal } from './trust';

const HELP = `npm run hub -- [command] [options]

  (no command)        run the hub
  institution         the institution's name as the reports print it: --name NAME
  add-outlet          register an outlet, or change its name, city or address: --outlet CODE --name NAME
                      --city CODE (行政区划代码, 6 digits) [--address TEXT] [--safe TERMINAL: the counter that
                      keeps the outlet's safe, one of its own; --safe none: not named]
  enrol-code          register a counter of a registered outlet if new, and make its one-time enrolment code
                      (--terminal ID --outlet CODE [--name NAME] [--minutes 30])
  revoke              revoke a counter at once (--terminal ID)
  issue-book          issue a counter its next receipt book (--terminal ID [--size 1000]); counters are
                      kept one book ahead without it
  return-book         take back a receipt book of a revoked counter, its unused range recorded (--book B0007)
  receipt-books       print the receipt book register (登记领用) [--outlet CODE]
  basic-account       set the institution's basic account (基本户): --bank NAME --account NO
  reserve-account     register a reserve account of the institution (第四十二条: at most 3 banks, an FX
                      account with its RMB account at the same bank): --bank NAME --currency CNY --account NO
  reserve-accounts    list the reserve accounts with their balances over every counter
  add-person          add a person (the first HQ manager; later ones from the API): --id ID --name NAME
                      --role hqManager|hqReporter|auditor|teller|supervisor|manager|reporterA|reporterB
                      [--outlet CODE]; the password from HUB_PASSWORD, or the first line of stdin

  --data DIR          the embedded database's folder (default ./hub-data)
  --database URL      a PostgreSQL server instead (postgres://user:password@host:port/database; or HUB_DATABASE_URL)
  --host HOST         where to listen (default 127.0.0.1; anything else needs --cert and --key)
  --port N            (default 8787; 0 picks a free one)
  --cert FILE --key FILE   PEM certificate and key: HTTPS
  --clock ISO         the hub's time runs on from this instant, not the PC's (tests and demonstrations)
  --help

With the embedded database, run these commands while the hub is stopped (the folder is one
process's); with PostgreSQL, any time.`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      data: { type: 'string' }, database: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' },
      cert: { type: 'string' }, key: { type: 'string' }, terminal: { type: 'string' }, outlet: { type: 'string' },
      minutes: { type: 'string' }, city: { type: 'string' }, address: { type: 'string' }, safe: { type: 'string' }, id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, clock: { type: 'string' }, book: { type: 'string' }, size: { type: 'string' }, bank: { type: 'string' }, currency: { type: 'string' }, account: { type: 'string' }, help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const portText = values.port ?? '8787';
  const port = Number(portText);
  // Before the database is opened: a mistyped port is said as such, not as Node's listen error.
  if (!/^\d{1,5}$/.test(portText) || port > 65535) throw new Error(`--port: not a port (0–65535): ${values.port}`);
  if (values.clock !== undefined && Number.isNaN(Date.parse(values.clock))) throw new Error(`--clock: not an instant (e.g. 2026-12-04T10:00:00+08:00): ${values.clock}`);
  // A fixed clock is for tests and demonstrations: said loudly, since every time the hub writes follows it.
  const now = values.clock !== undefined ? clockFrom(values.clock) : () => new Date();
  if (values.clock !== undefined) console.log(`clock set: the hub's time runs from ${values.clock}, not the PC's (--clock)`);
  const url = values.database ?? process.env.HUB_DATABASE_URL;
  const db: HubDatabase = url ? await openPostgresHub({ url, now }) : await openPGliteHub({ dataDir: resolve(values.data ?? 'hub-data'), now });
  const [command] = positionals;
  // The commands on the database, each a line of what it did (the hub not started).
  const commands: Record<string, () => Promise<string>> = {
    institution: async () => `institution: ${await setInstitutionName(db, values.name ?? '')}`,
    'add-outlet': async () => {
      const safe = values.safe === undefined ? {} : { safeCounter: values.safe === 'none' ? null : values.safe };
      const o = await saveOutlet(db, parseInput(outletRequest, { code: values.outlet, name: values.name, cityCode: values.city, ...(values.address !== undefined ? { address: values.address } : {}), ...safe }), 'hub-cli', now);
      return `outlet ${o.code} (${o.name}), city ${o.cityCode ?? '?'}: ${o.counters.length} counter(s) registered${o.safeCounter ? `, its safe kept at ${o.safeCounter}` : ''}`;
    },
    'enrol-code': async () => {
      if (!values.terminal) throw new Error('--terminal ID is needed');
      if (!values.outlet) throw new Error('--outlet CODE is needed');
      const minutes = values.minutes === undefined ? undefined : Number(values.minutes);
      const { code, expiresAt } = await createEnrolmentCode(db, { terminalId: values.terminal, outletCode: values.outlet, name: values.name, ...(minutes ? { minutes } : {}) }, 'hub-cli', now);
      return `enrolment code for ${values.terminal} (outlet ${values.outlet}): ${code}  (valid until ${expiresAt.toISOString()}, once)`;
    },
    revoke: async () => {
      if (!values.terminal) throw new Error('--terminal ID is needed');
      return (await revokeTerminal(db, values.terminal, 'hub-cli', now)) ? `revoked ${values.terminal}` : `${values.terminal} was not enrolled, or is revoked already`;
    },
    'issue-book': async () => {
      const input = parseInput(issueBookRequest, { terminalId: values.terminal, ...(values.size !== undefined ? { size: Number(values.size) } : {}) });
      const b = await issueBookNow(db, input, 'hub-cli', now);
      return `book ${b.code} for ${b.terminalId}: ${printedReceiptNo(b.firstNo, b)} … ${printedReceiptNo(b.lastNo, b)}`;
    },
    'return-book': async () => {
      const b = await returnBook(db, parseInput(bookRequest, { code: values.book }).code, 'hub-cli', now);
      return `book ${b.code} of ${b.terminalId} returned: ${b.unusedFrom !== null && b.unusedFrom <= b.lastNo ? `unused ${printedReceiptNo(b.unusedFrom, b)} … ${printedReceiptNo(b.lastNo, b)}` : 'every number used'}`;
    },
    'receipt-books': async () => registerText(await listBooks(db, values.outlet), now()),
    'basic-account': async () => {
      const b = await setBasicAccount(db, parseInput(basicAccountRequest, { bankName: values.bank, accountNo: values.account }), 'hub-cli', now);
      return `basic account: ${b.bankName} ${b.accountNo}`;
    },
    'reserve-account': async () => {
      const a = await openReserveAccount(db, parseInput(openReserveAccountRequest, { bankName: values.bank, currency: values.currency, accountNo: values.account }), 'hub-cli', now);
      return `reserve account ${a.currency} at ${a.bankName}: ${a.accountNo} (id ${a.id}), sent to every counter`;
    },
    'reserve-accounts': async () => {
      const { basicAccount, accounts } = await listReserveAccounts(db, now);
      const lines = [`basic account: ${basicAccount ? `${basicAccount.bankName} ${basicAccount.accountNo}` : 'not set'}`];
      for (const a of accounts) {
        const money = (minor: string) => fromMinor(BigInt(minor), a.currency).toFixed(currencyInfo(a.currency).minorUnits);
        lines.push(`${a.bankName}  ${a.currency}  ${a.accountNo}  balance ${money(a.balanceMinor)}  held ${money(a.heldMinor)}${a.counters.length ? `  (${a.counters.map((c) => `${c.terminalId} ${money(c.netMinor)}`).join(', ')})` : ''}`);
      }
      return lines.join('\n');
    },
    'add-person': async () => {
      const password = process.env.HUB_PASSWORD ?? (await firstLineOfStdin());
      const input = parseInput(createPersonRequest, { id: values.id, name: values.name, role: values.role, password, ...(values.outlet ? { outletCode: values.outlet } : {}) });
      const p = await createPerson(db, input, 'hub-cli', now);
      return `added ${p.id} (${p.name}), ${p.role}${p.outletCode ? ` at ${p.outletCode}` : ''}`;
    },
  };
  if (command !== undefined && Object.hasOwn(commands, command)) {
    try {
      console.log(await commands[command]!());
    } catch (e) {
      // A refusal in words (the English message), not a code.
      if (e instanceof Refusal) throw new Error(e.failure.message.en);
      throw e;
    } finally {
      await db.destroy();
    }
    return;
  }
  if (command !== undefined) throw new Error(`unknown command ${command}: see --help`);
  const tls = values.cert && values.key ? { cert: readFileSync(values.cert, 'utf8'), key: readFileSync(values.key, 'utf8') } : undefined;
  const running = await startHubServer({ db, now, host: values.host ?? '127.0.0.1', port, ...(tls ? { tls } : {}) });
  console.log(`hub: listening on ${running.url} (${url ? 'PostgreSQL server' : `embedded database in ${resolve(values.data ?? 'hub-data')}`})`);
  const stop = () => {
    void running.close().then(() => db.destroy()).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function firstLineOfStdin(): Promise<string> {
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

main().catch((e: unknown) => {
  console.error(`hub: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
