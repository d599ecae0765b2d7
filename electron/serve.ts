// Browser mode: the same Terminal as the desktop app, over HTTP on 127.0.0.1 only.
//   npm run serve -- --port N --data DIR [--monitoring URL] [--printer HOST:PORT]
// The token is TERMINAL_TOKEN, or generated and printed at start. Prints one line
// `ready http://127.0.0.1:PORT` once it accepts requests.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Refusal } from '../shared/errors';
import { composeApp } from './app/compose';
import { createHttpHandler } from './transport/http';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8420' },
    data: { type: 'string', default: './terminal-data' },
    monitoring: { type: 'string' },
    printer: { type: 'string' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port: not a port: ${values.port}\n`);
  process.exit(2);
}

const app = await composeApp({
  dataDir: values.data!,
  ...(values.monitoring ? { monitoringUrl: values.monitoring } : {}),
  ...(values.printer ? { printer: values.printer } : {}),
}).catch((e: unknown) => {
  // A wrong or missing ledger key: what to do, in both languages, not a stack trace.
  if (!(e instanceof Refusal)) throw e;
  process.stderr.write(`${e.failure.message.zh}\n${e.failure.message.en}\n`);
  process.exit(1);
});
const token = process.env.TERMINAL_TOKEN || randomBytes(24).toString('base64url');
if (!process.env.TERMINAL_TOKEN) process.stdout.write(`token ${token}\n`);
if (app.training) process.stdout.write('培训模式 TRAINING: no monitoring endpoint configured; using the built-in simulator\n');

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
  server.close();
  app.close().then(() => process.exit(0), () => process.exit(1));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
