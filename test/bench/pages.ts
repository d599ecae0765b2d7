// Which b-trees a commit writes (issue 21: "≤ 15 pages per trade"): the page numbers of the WAL
// frames a commit appended, named by dbstat. The WAL's frame headers are not encrypted by SQLite3
// Multiple Ciphers (only the pages are), so the page numbers read as SQLite's own format says
// (https://sqlite.org/fileformat.html#the_write_ahead_log): a 32-byte header, then frames of a
// 24-byte header (the page number first, big-endian) and a page.
import { closeSync, openSync, readSync } from 'node:fs';
import type { Database } from '../../electron/ledger/sql';

export class WalPages {
  private readonly counts = new Map<number, number>();
  private commits = 0;
  private readonly pageSize: number;
  constructor(private readonly path: string, db: Database) {
    this.pageSize = Number(db.pragma('page_size', { simple: true }));
  }

  /** Frames `from` (exclusive) to `to` (inclusive), 1-based as mxFrame counts them: one commit. */
  add(from: number, to: number): void {
    if (to <= from) return;
    const fd = openSync(`${this.path}-wal`, 'r');
    const head = Buffer.alloc(4);
    const seen = new Set<number>();
    try {
      for (let k = from + 1; k <= to; k++) {
        readSync(fd, head, 0, 4, 32 + (k - 1) * (24 + this.pageSize));
        seen.add(head.readUInt32BE(0));
      }
    } finally {
      closeSync(fd);
    }
    for (const p of seen) this.counts.set(p, (this.counts.get(p) ?? 0) + 1);
    this.commits++;
  }

  /** Pages per commit by b-tree (table or index; page 1 is the header), most first. */
  report(db: Database): { name: string; perCommit: number }[] {
    const names = new Map<number, string>();
    for (const r of db.prepare('select name, pageno from dbstat').iterate() as Iterable<{ name: string; pageno: number | bigint }>) names.set(Number(r.pageno), r.name);
    const by = new Map<string, number>();
    for (const [p, n] of this.counts) {
      const name = p === 1 ? '(page 1: the header)' : (names.get(p) ?? '(free or new page)');
      by.set(name, (by.get(name) ?? 0) + n);
    }
    return [...by].map(([name, n]) => ({ name, perCommit: n / Math.max(1, this.commits) })).sort((a, b) => b.perCommit - a.perCommit);
  }
}
