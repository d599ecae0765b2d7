import pg from 'pg';
import { percentile } from './common';
const url = process.env.HUB_TEST_DATABASE_URL!;
const c = new pg.Client({ connectionString: url }); await c.connect();
await c.query('DROP TABLE IF EXISTS tj, tb, tt');
for (const [n, t] of [['tj','json'],['tb','jsonb'],['tt','text']]) await c.query(`CREATE TABLE ${n} (k text, seq bigint, rows ${t}, PRIMARY KEY (k, seq))`);
// 500 rows of ~1.1KB JSON like the events' rows
const row = (i: number) => JSON.stringify({ trades: [{ id: '01KKAQHX80QT4T5VR1M1WRW5F2', receipt_no: String(i), outlet_code: 'PEK-T3-01', terminal_id: 'T1', business_date: '2026-03-10', created_at: '2026-03-10T02:00:00.000Z', customer_id: '01KKAQHX80QT4T5VR1M1WRW5F3', person_key: '01:11010519491231002X:CHN', id_type: '01', id_number: '11010519491231002X', country: 'CHN', supplementary_id: null, customer_name: '张三', residency: 'domestic', direction: 'settlement', kind: 'settlement', trade_type: 'JH', currency: 'USD', foreign_minor: '10000', rmb_minor: '71000', fee_minor: '0', rate_id: '01KKAQHX80QT4T5VR1M1WRW5ES', rate_per_100: '710', usd_equivalent: '100' }], postings: [1,2,3,4].map((p) => ({ id: String(p), txn_id: '01KKAQHX80QT4T5VR1M1WRW5F2', txn_kind: 'trade', account_id: 'cash:USD', currency: 'USD', amount_minor: '10000', business_date: '2026-03-10', created_at: '2026-03-10T02:00:00.000Z' })) });
console.log('bytes', row(1).length);
let k = 0;
for (const [n] of [['tj'],['tb'],['tt'],['tj'],['tb'],['tt']]) {
  const times: number[] = [];
  for (let r = 0; r < 30; r++) {
    const key = `k${++k}`;
    const params: unknown[] = []; const vals: string[] = [];
    for (let i = 0; i < 500; i++) { params.push(key, i, row(i)); vals.push(`($${3*i+1}, $${3*i+2}, $${3*i+3})`); }
    const t0 = performance.now();
    await c.query(`INSERT INTO ${n} VALUES ${vals.join(',')}`, params);
    times.push(performance.now() - t0);
  }
  times.sort((a,b)=>a-b);
  console.log(n, percentile(times, 50).toFixed(2));
}
// parse only
for (const t of ['json','jsonb','text','json','jsonb']) {
  const arr = Array.from({length: 500}, (_, i) => row(i));
  const times: number[] = [];
  for (let r = 0; r < 30; r++) { const t0 = performance.now(); await c.query(`SELECT count(x::${t}) FROM unnest($1::text[]) x`, [arr]); times.push(performance.now()-t0); }
  times.sort((a,b)=>a-b);
  console.log('cast', t, percentile(times, 50).toFixed(2));
}
await c.end();
