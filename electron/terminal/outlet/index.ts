// The outlet as configured (terminal.json, kept in the ledger at first start): the institution,
// the outlet, this terminal, whether it is at a border port, and the printer's profile; and the
// outlet as the hub masters it, once it has said (settings.ts readHubOutlet).
import type { HandlersOf } from '../services';
import { hubCounterName, readHubOutlet } from '../settings';

export const outletHandlers = {
  'outlet.get': (ctx) => {
    const o = ctx.outlet();
    const h = readHubOutlet(ctx.db);
    const counterName = hubCounterName(h, o.terminal_id);
    return {
      institutionCode: o.institution_code, institutionName: o.institution_name, outletCode: o.outlet_code,
      outletName: o.outlet_name, terminalId: o.terminal_id, borderPort: o.border_port === 1n,
      printerProfile: JSON.parse(o.printer_profile) as unknown,
      ...(h ? { hub: { cityCode: h.cityCode, address: h.address, ...(counterName !== undefined ? { counterName } : {}), counters: h.counters, safeCounter: h.safeCounter ?? null, version: h.version, appliedAt: h.appliedAt } } : {}),
    };
  },
} satisfies HandlersOf<'outlet'>;
