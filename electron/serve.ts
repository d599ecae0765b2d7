// Browser mode: the same Terminal as the desktop app, over HTTP on 127.0.0.1 only.
//   npm run serve -- --port N --data DIR [--monitoring URL | --training] [--printer HOST:PORT] [--clock ISO]
// Builds the renderer first when dist/renderer is missing or older than its sources, so a fresh
// clone needs only `npm ci` then `npm run serve`. The token is TERMINAL_TOKEN, or generated and
// printed at start (for API clients: the page served carries it). Prints one line
// `ready http://127.0.0.1:PORT` once it accepts requests. SIGTERM or SIGINT (Ctrl-C) closes the
// server, the ledger, the training simulator and the virtual printer, all in this one process
// (`npm run serve` runs node itself, not a tsx wrapper that would leave a child behind), and so
// does the end of the process that started it.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { clockFrom } from '../shared/time';
import { composeApp } from './app/compose';
import { startFailure } from './app/startFailure';
import { ensureRendererBuilt, rendererIndex } from './dev/rendererBuild';
import { createHttpHandler } from './transport/http';

/** How long a shutdown may take before the process ends anyway. */
const SHUTDOWN_GRACE_MS = 10_000;
/** How often serve looks whether the process that started it is still there. */
const ORPHAN_CHECK_MS = 500;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8420' },
    data: { type: 'string', default: './terminal-data' },
    monitoring: { type: 'string' },
    printer: { type: 'string' },
    clock: { type: 'string' },
    training: { type: 'boolean' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port: not a port: ${values.port}\n`);
  process.exit(2);
}
if (values.clock !== undefined && Number.isNaN(Date.parse(values.clock))) {
  process.stderr.write(`--clock: not an instant (e.g. 2026-12-04T10:00:00+08:00): ${values.clock}\n`);
  process.exit(2);
}

const root = fileURLToPath(new URL('..', import.meta.url));
try {
  await ensureRendererBuilt(root, () => process.stdout.write('building the renderer (dist/renderer is missing or older than its sources)…\n'));
} catch (e) {
  process.stderr.write(`${(e as Error).message}\nThe counter page cannot be served: run \`npm run build:renderer\` and read its errors.\n`);
  process.exit(1);
}
if (!existsSync(rendererIndex(root))) {
  process.stderr.write('dist/renderer/index.html is missing: run `npm run build:renderer`.\n');
  process.exit(1);
}

// A fixed clock is for tests and demonstrations: said loudly, since every date written follows it.
const clock = values.clock !== undefined ? clockFrom(values.clock) : undefined;
if (values.clock !== undefined) process.stdout.write(`clock set: the terminal's time runs from ${values.clock}, not the PC's (--clock)\n`);

const app = await composeApp({
  dataDir: values.data!,
  ...(values.monitoring ? { monitoringUrl: values.monitoring } : {}),
  ...(values.printer ? { printer: values.printer } : {}),
  ...(clock ? { clock } : {}),
  ...(values.training ? { training: true } : {}),
}).catch((e: unknown) => {
  // A wrong or missing ledger key, a mistyped terminal.json, a fault: what happened and what to
  // do, in both languages, not a stack trace (startFailure.ts).
  const message = startFailure(e, values.data!, clock?.() ?? new Date());
  process.stderr.write(`${message.zh}\n${message.en}\n`);
  process.exit(1);
});
const token = process.env.TERMINAL_TOKEN || randomBytes(24).toString('base64url');
if (!process.env.TERMINAL_TOKEN) process.stdout.write(`token ${token} (for API clients; the browser needs only the address below)\n`);
if (app.training) process.stdout.write('培训模式 TRAINING: the built-in monitoring simulator, the training ledger; nothing is reported to SAFE\n');

const staticDir = fileURLToPath(new URL('../dist/renderer/', import.meta.url));
const server = http.createServer(createHttpHandler(app.terminal, { token, staticDir }));
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(`ready http://127.0.0.1:${actual}\n`);
});

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
  server.close();
  server.closeAllConnections();
  app.close().then(() => process.exit(0), () => process.exit(1));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
// `npm run serve` runs this under `sh -c`: npm passes SIGTERM to the shell, which ends without
// passing it on, and this process would live on, orphaned, holding the port and the ledger. An
// orphan (its parent gone, so it was handed to another) shuts down like on SIGTERM.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) shutdown();
}, ORPHAN_CHECK_MS).unref();
