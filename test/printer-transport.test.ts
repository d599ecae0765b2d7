// The printer transport against the virtual printer, over real TCP on 127.0.0.1: status for each
// printer condition, a job that arrives byte-exact and is confirmed, and every way a job can fail
// (paper out, a printer that stops reading, a connection dropped mid-job, a reply too late)
// failing in bounded time with a reason the teller can read. Two jobs never interleave.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { decode } from '../electron/printer/decoder';
import { JOB_END_REQUEST, receiptBytes, statusQuery } from '../electron/printer/escpos';
import { PrinterError, stateOf, TcpPrinter, type PrinterState } from '../electron/printer/transport';
import { startVirtualPrinter, type VirtualPrinter, type VirtualPrinterMode } from '../electron/printer/virtualPrinter';

const printers: VirtualPrinter[] = [];

async function virtualPrinter(mode: VirtualPrinterMode, opts: { lateReplyMs?: number; dropAfterBytes?: number } = {}): Promise<VirtualPrinter> {
  const vp = await startVirtualPrinter({ mode, ...opts });
  printers.push(vp);
  return vp;
}

afterEach(async () => {
  await Promise.all(printers.splice(0).map((p) => p.close()));
});

function client(port: number, opts: Partial<ConstructorParameters<typeof TcpPrinter>[0]> = {}): TcpPrinter {
  return new TcpPrinter({ host: '127.0.0.1', port, connectTimeoutMs: 1000, writeTimeoutMs: 1000, idleTimeoutMs: 2000, statusTimeoutMs: 400, ...opts });
}

/** A small receipt job, with a marker so two jobs can be told apart. */
function job(marker: string): Buffer {
  return receiptBytes({ institution: ['特许机构联 INSTITUTION COPY', `水单号 No. ${marker}`, '客户姓名 Name 张三'], customer: ['客户联 CUSTOMER COPY', `水单号 No. ${marker}`] }, { qr: marker });
}

/** A job of `size` bytes: one receipt part of plain text lines, big enough to fill socket buffers. */
function bigJob(size: number, fill: string): Buffer {
  const line = fill.repeat(47) + '\n';
  const lines = Buffer.from(line.repeat(Math.ceil(size / line.length)));
  return Buffer.concat([Buffer.from([0x1b, 0x40, 0x1c, 0x26]), lines, Buffer.from([0x1d, 0x56, 0x42, 0x00])]);
}

async function rejection(promise: Promise<unknown>): Promise<PrinterError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(PrinterError);
    return e as PrinterError;
  }
  throw new Error('expected the promise to reject');
}

describe('status', () => {
  it.each<[VirtualPrinterMode, PrinterState]>([
    ['ready', 'ready'],
    ['paperOut', 'paperOut'],
    ['coverOpen', 'coverOpen'],
    ['paperNearEnd', 'paperNearEnd'],
    ['error', 'error'],
    ['stopReading', 'noAnswer'],
    ['dropMidJob', 'ready'], // three-byte queries stay under the drop threshold
    ['lateReply', 'ready'], // 100 ms late, within the 400 ms status timeout
  ])('a printer in mode %s reports %s', async (mode, state) => {
    const vp = await virtualPrinter(mode, { lateReplyMs: 100 });
    expect(await client(vp.port).status()).toBe(state);
  });

  it('sends DLE EOT 2 then DLE EOT 4, one at a time', async () => {
    const vp = await virtualPrinter('ready');
    await client(vp.port).status();
    expect(vp.received()).toEqual(Buffer.concat([statusQuery(2), statusQuery(4)]));
  });

  it('a reply later than the status timeout is no answer, in about the timeout', async () => {
    // The reply comes long after the timeout: a loaded machine's late timers cannot blur the two.
    const vp = await virtualPrinter('lateReply', { lateReplyMs: 8_000 });
    const started = Date.now();
    expect(await client(vp.port, { statusTimeoutMs: 300 }).status()).toBe('noAnswer');
    expect(Date.now() - started).toBeLessThan(6_000);
  });

  it('a printer nobody answers at (port closed) is no answer, and printing to it fails with a reason', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as { port: number };
    await new Promise<void>((r) => server.close(() => r()));
    expect(await client(port).status()).toBe('noAnswer');
    const e = await rejection(client(port).print(job('1')));
    expect(e.code).toBe('unreachable');
    expect(e.reason).toMatch(/无法连接打印机.*Cannot reach the printer/);
  });

  it('reads the status bits the way ESC/POS defines them', () => {
    expect(stateOf(0x12, 0x12)).toBe('ready');
    expect(stateOf(0x12 | 0x04, 0x12)).toBe('coverOpen');
    expect(stateOf(0x12 | 0x20, 0x12)).toBe('paperOut');
    expect(stateOf(0x12, 0x12 | 0x60)).toBe('paperOut');
    expect(stateOf(0x12 | 0x40, 0x12)).toBe('error');
    expect(stateOf(0x12, 0x12 | 0x0c)).toBe('paperNearEnd');
    expect(stateOf(0x12 | 0x04 | 0x40, 0x12 | 0x6c)).toBe('coverOpen'); // the most actionable first
    expect(stateOf(0x00, 0x12)).toBe('noAnswer'); // not a status byte: fixed bits missing
  });
});

describe('print', () => {
  it('a job printed in ready mode arrives byte-exact, followed by GS r 1, and resolves', async () => {
    const vp = await virtualPrinter('ready');
    const bytes = job('12');
    await client(vp.port).print(bytes);
    expect(vp.jobs()).toEqual([bytes]);
    expect(vp.received()).toEqual(Buffer.concat([bytes, JOB_END_REQUEST]));
    expect(decode(vp.jobs()[0]!).parts[1]).toEqual(['客户联 CUSTOMER COPY', '水单号 No. 12']);
  });

  it('paper near its end is a warning: the job still prints', async () => {
    const vp = await virtualPrinter('paperNearEnd');
    await client(vp.port).print(job('13'));
    expect(vp.jobs()).toHaveLength(1);
  });

  it('paper out: the job-end reply says paper end and print rejects', async () => {
    const vp = await virtualPrinter('paperOut');
    const e = await rejection(client(vp.port).print(job('14')));
    expect(e.code).toBe('paperOut');
    expect(e.reason).toMatch(/缺纸.*out of paper/);
    expect(vp.jobs()).toEqual([]);
  });

  it('cover open: the printer never confirms, print rejects after the idle timeout', async () => {
    const vp = await virtualPrinter('coverOpen');
    const started = Date.now();
    const e = await rejection(client(vp.port, { idleTimeoutMs: 300 }).print(job('15')));
    expect(e.code).toBe('noCompletion');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a printer that stops reading: print of a large job rejects within about writeTimeoutMs', async () => {
    const vp = await virtualPrinter('stopReading');
    const started = Date.now();
    const e = await rejection(client(vp.port, { writeTimeoutMs: 300, idleTimeoutMs: 60_000 }).print(bigJob(16 * 1024 * 1024, 'A')));
    const elapsed = Date.now() - started;
    expect(e.code).toBe('writeTimeout');
    expect(e.reason).toMatch(/停止接收数据.*stopped taking data/);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(15_000);
  });

  it('a connection dropped mid-job: print rejects', async () => {
    const vp = await virtualPrinter('dropMidJob', { dropAfterBytes: 100 });
    const e = await rejection(client(vp.port).print(job('16')));
    expect(['connectionLost', 'writeTimeout']).toContain(e.code);
    expect(vp.jobs()).toEqual([]);
    expect(vp.received().length).toBe(100);
  });

  it('a late job-end reply within the idle timeout: resolves', async () => {
    const vp = await virtualPrinter('lateReply', { lateReplyMs: 300 });
    await client(vp.port, { idleTimeoutMs: 2000 }).print(job('17'));
    expect(vp.jobs()).toHaveLength(1);
  });

  it('a job-end reply beyond the idle timeout: rejects, in about the timeout', async () => {
    const vp = await virtualPrinter('lateReply', { lateReplyMs: 8_000 });
    const started = Date.now();
    const e = await rejection(client(vp.port, { idleTimeoutMs: 300 }).print(job('18')));
    expect(e.code).toBe('noCompletion');
    expect(Date.now() - started).toBeLessThan(6_000);
  });

  it('two jobs sent at once arrive one after the other, never interleaved', async () => {
    const vp = await virtualPrinter('ready');
    const printer = client(vp.port);
    const a = bigJob(1024 * 1024, 'A');
    const b = bigJob(1024 * 1024, 'B');
    await Promise.all([printer.print(a), printer.print(b)]);
    expect(vp.jobs()).toHaveLength(2);
    expect(vp.jobs()[0]!.equals(a)).toBe(true);
    expect(vp.jobs()[1]!.equals(b)).toBe(true);
    expect(vp.received().equals(Buffer.concat([a, JOB_END_REQUEST, b, JOB_END_REQUEST]))).toBe(true);
  });

  it('a status query waits for the job in progress (one conversation at a time)', async () => {
    const vp = await virtualPrinter('lateReply', { lateReplyMs: 200 });
    const printer = client(vp.port, { statusTimeoutMs: 1000 });
    const bytes = job('19');
    const [, state] = await Promise.all([printer.print(bytes), printer.status()]);
    expect(state).toBe('ready');
    expect(vp.received()).toEqual(Buffer.concat([bytes, JOB_END_REQUEST, statusQuery(2), statusQuery(4)]));
  });

  it('after a failed job the queue goes on: the next job prints', async () => {
    const vp = await virtualPrinter('paperOut');
    const printer = client(vp.port);
    await rejection(printer.print(job('20')));
    vp.setMode('ready');
    await printer.print(job('21'));
    expect(vp.jobs()).toEqual([job('21')]);
  });
});
