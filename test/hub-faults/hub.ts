// Child process of the hub's fault campaigns (test/hub-faults.test.ts): `npm run hub`, that is
// hub/main.ts with the options it was given, loaded ahead and started when told. It says `loaded`
// once its modules are in, and on `go <ISO instant>` runs hub/main.ts with `--clock <instant>`
// added (the hub's time runs on from the counters' time then): the parent keeps the next hub
// loaded while one runs, so a restart costs the database's opening, not the loading. Nothing of
// the hub is changed: it opens its database, listens and logs as `npm run hub` does.
import { createInterface } from 'node:readline';

const lines = createInterface({ input: process.stdin });
lines.once('line', (line) => {
  const [word, clock] = line.split(' ');
  if (word !== 'go' || clock === undefined) {
    process.stderr.write(`hub child: expected "go <instant>", got ${line}\n`);
    process.exit(2);
  }
  lines.close();
  process.argv.push('--clock', clock);
  void import('../../hub/main');
});
process.stdout.write('loaded\n');
