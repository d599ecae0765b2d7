// What the tests that run real processes share (test/hub-faults.test.ts, test/busy-day.test.ts):
// a limit that only catches a hang, each whole line a child writes, a free port.
import { createServer, type AddressInfo } from 'node:net';

/** `p`, or a hang named for what was awaited after `ms`. */
export function within<T>(p: Promise<T>, what: string, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`hang: ${what} not within ${ms / 1000} s`)), ms)))]).finally(() => clearTimeout(timer));
}

/** Each whole line a child writes, in order (a chunk may end mid-line). */
export function onLines(stream: NodeJS.ReadableStream, each: (line: string) => void): void {
  let buffer = '';
  stream.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) each(line);
  });
}

/** A port free on loopback now (a child is to listen on it). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}
