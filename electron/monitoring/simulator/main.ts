// The monitoring-system simulator as its own process, for the tests and training mode:
//   npm run simulator -- --port N --data DIR [--fixture FILE] [--now ISO]
// Prints exactly one line, `ready http://127.0.0.1:PORT`, once it accepts requests; SIGTERM
// (or SIGINT) closes the server and the SQLite file cleanly.
import { parseArgs } from 'node:util';
import { loadFixture } from './fixture';
import { startSimulatorServer } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    data: { type: 'string' },
    fixture: { type: 'string' },
    now: { type: 'string' },
  },
});

if (!values.data) {
  process.stderr.write('usage: simulator --data DIR [--port N] [--fixture FILE] [--now ISO]\n');
  process.exit(2);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port: not a port: ${values.port}\n`);
  process.exit(2);
}
if (values.now !== undefined && Number.isNaN(Date.parse(values.now))) {
  process.stderr.write(`--now: not an instant: ${values.now}\n`);
  process.exit(2);
}

const sim = await startSimulatorServer({
  dataDir: values.data,
  fixture: loadFixture(values.fixture),
  port,
  ...(values.now !== undefined ? { now: values.now } : {}),
});

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  sim.close().then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`simulator: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

process.stdout.write(`ready ${sim.url}\n`);
