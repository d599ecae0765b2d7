// The monitoring-system simulator as its own process, for the tests and training mode:
//   npm run simulator -- --port N --data DIR [--fixture FILE] [--now ISO | --from ISO]
// --now freezes the clock at an instant; --from starts it there and lets it run (tests on a fixed
// date beside a terminal whose clock also runs from it).
// Prints exactly one line, `ready http://127.0.0.1:PORT`, once it accepts requests; SIGTERM
// (or SIGINT) closes the server and the SQLite file cleanly.
import { parseArgs } from 'node:util';
import { clockFrom } from '../../../shared/time';
import { loadFixture } from './fixture';
import { startSimulatorServer } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    data: { type: 'string' },
    fixture: { type: 'string' },
    now: { type: 'string' },
    from: { type: 'string' },
  },
});

if (!values.data) {
  process.stderr.write('usage: simulator --data DIR [--port N] [--fixture FILE] [--now ISO | --from ISO]\n');
  process.exit(2);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port: not a port: ${values.port}\n`);
  process.exit(2);
}
for (const [flag, value] of [['--now', values.now], ['--from', values.from]] as const) {
  if (value !== undefined && Number.isNaN(Date.parse(value))) {
    process.stderr.write(`${flag}: not an instant: ${value}\n`);
    process.exit(2);
  }
}

const sim = await startSimulatorServer({
  dataDir: values.data,
  fixture: loadFixture(values.fixture),
  port,
  ...(values.now !== undefined ? { now: values.now } : {}),
  ...(values.from !== undefined ? { clock: clockFrom(values.from) } : {}),
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
