// The outlet this terminal belongs to (as terminal.json says, and as the hub masters it), and the
// versions of the rules' policy.
import { Refusal } from '../../shared/errors';
import { POLICY_V1, policyParamsSchema, type Policy } from '../../shared/policy';
import { outletChange, type OutletChange } from '../../shared/sync/reference';
import { audit } from '../ledger/audit';
import { all, first, q, run, type Database } from '../ledger/sql';
import type { OutletTable } from '../ledger/schema';

export interface OutletSettings {
  institutionCode: string;
  institutionName: string;
  outletCode: string;
  outletName: string;
  terminalId: string;
  /** 第三十二条(四): the outlet is inside a border port. */
  borderPort: boolean;
  printerProfile?: Record<string, unknown>;
}

/**
 * A ledger belongs to one outlet. The first open records the outlet from the configuration; later
 * opens refuse a configuration of another outlet, and record (with an audit entry) any change of
 * the outlet's other settings.
 */
/** The outlet row the settings describe. */
export function outletRow(settings: OutletSettings, at: string): OutletTable {
  return {
    id: 1n,
    institution_code: settings.institutionCode,
    institution_name: settings.institutionName,
    outlet_code: settings.outletCode,
    outlet_name: settings.outletName,
    terminal_id: settings.terminalId,
    border_port: settings.borderPort ? 1n : 0n,
    printer_profile: JSON.stringify(settings.printerProfile ?? {}),
    updated_at: at,
  };
}

export function initOutlet(db: Database, settings: OutletSettings, at: string): void {
  const existing = first(db, q.selectFrom('outlet').selectAll());
  // Once the hub has named the outlet, its name stands over terminal.json's (issue 16 item 4).
  const fromHub = readHubOutlet(db);
  const row = { ...outletRow(settings, at), ...(fromHub && fromHub.code === settings.outletCode ? { outlet_name: fromHub.name } : {}) };
  if (existing && existing.outlet_code !== settings.outletCode) {
    throw new Refusal('OUTLET_MISMATCH', { dbOutlet: existing.outlet_code, configOutlet: settings.outletCode });
  }
  const { updated_at: _a, ...before } = existing ?? ({} as Partial<OutletTable>);
  const { updated_at: _b, ...after } = row;
  // Integers come back as bigint (safe integers): compare as text, or every start looks like a change.
  if (existing && Object.entries(after).every(([k, v]) => String((before as Record<string, unknown>)[k]) === String(v))) return;
  db.transaction(() => {
    if (existing) run(db, q.updateTable('outlet').set(row).where('id', '=', 1n));
    else run(db, q.insertInto('outlet').values(row));
    audit(db, { at, actor: 'system', action: existing ? 'outlet.update' : 'outlet.init', entity: 'outlet', entityId: settings.outletCode, detail: { ...after, border_port: settings.borderPort } });
  })();
}

export function readOutlet(db: Database): OutletTable {
  return first(db, q.selectFrom('outlet').selectAll())!;
}

/** The outlet as the hub last published it (migration 013), with the version it came in. */
export type HubOutlet = OutletChange & { version: string; appliedAt: string };

export function readHubOutlet(db: Database): HubOutlet | undefined {
  const r = first(db, q.selectFrom('hub_outlet').selectAll().where('id', '=', 1n));
  if (!r) return undefined;
  return {
    code: r.outlet_code, name: r.name, cityCode: r.city_code, address: r.address, counters: outletChange.shape.counters.parse(JSON.parse(r.counters)),
    ...(r.safe_terminal !== null ? { safeCounter: r.safe_terminal } : {}), version: String(r.version), appliedAt: r.applied_at,
  };
}

/** This counter's name at the hub (e.g. "2号柜台"), once the hub has published its outlet. */
export function hubCounterName(h: HubOutlet | undefined, terminalId: string): string | undefined {
  return h?.counters.find((c) => c.terminalId === terminalId)?.name;
}

/**
 * The outlet as the hub publishes it (a reference change of kind 'outlet'), inside the caller's
 * transaction: kept whole (a later version replaces it; the trigger refuses an earlier one), and
 * its name made the outlet's name here, on screens and receipts. Another outlet's is refused: a
 * counter belongs to one outlet (the hub sends only this one's; terminal.json names it).
 */
export function storeOutletFromHub(db: Database, change: OutletChange, version: string, at: string): { renamed: boolean } {
  const outlet = readOutlet(db);
  if (change.code !== outlet.outlet_code) throw new Refusal('HUB_OUTLET_MISMATCH', { configured: outlet.outlet_code, registered: change.code });
  const row = {
    outlet_code: change.code, name: change.name, city_code: change.cityCode, address: change.address, counters: JSON.stringify(change.counters),
    safe_terminal: change.safeCounter ?? null, version: BigInt(version), applied_at: at,
  };
  run(db, q.insertInto('hub_outlet').values({ id: 1n, ...row }).onConflict((oc) => oc.column('id').doUpdateSet(row)));
  const renamed = change.name !== outlet.outlet_name;
  if (renamed) run(db, q.updateTable('outlet').set({ outlet_name: change.name, updated_at: at }).where('id', '=', 1n));
  audit(db, { at, actor: 'hub', action: 'outlet.update', entity: 'outlet', entityId: change.code, detail: { version, ...change, ...(renamed ? { renamedFrom: outlet.outlet_name } : {}) } });
  return { renamed };
}

export function readPolicies(db: Database): Policy[] {
  return all(db, q.selectFrom('policy_versions').selectAll().orderBy('version')).map((r) => ({
    version: Number(r.version),
    effectiveDate: r.effective_date,
    source: r.source,
    params: policyParamsSchema.parse(JSON.parse(r.params)),
  }));
}

export function insertPolicy(db: Database, p: Policy, at: string, by: string): void {
  run(db, q.insertInto('policy_versions').values({
    version: BigInt(p.version),
    effective_date: p.effectiveDate,
    source: p.source,
    params: JSON.stringify(p.params),
    loaded_at: at,
  }));
  audit(db, { at, actor: by, action: 'policy.load', entity: 'policy', entityId: String(p.version), detail: p });
}

/** Version 1 (the 2012 measures) is always there. */
export function ensureBasePolicy(db: Database, at: string): void {
  if (!first(db, q.selectFrom('policy_versions').select('version').where('version', '=', 1n))) {
    db.transaction(() => insertPolicy(db, POLICY_V1, at, 'system'))();
  }
}
