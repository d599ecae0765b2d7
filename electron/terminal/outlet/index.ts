// The outlet as configured (terminal.json, kept in the ledger at first start): the institution,
// the outlet, this terminal, whether it is at a border port, and the printer's profile.
import type { HandlersOf } from '../services';

export const outletHandlers = {
  'outlet.get': (ctx) => {
    const o = ctx.outlet();
    return {
      institutionCode: o.institution_code, institutionName: o.institution_name, outletCode: o.outlet_code,
      outletName: o.outlet_name, terminalId: o.terminal_id, borderPort: o.border_port === 1n,
      printerProfile: JSON.parse(o.printer_profile) as unknown,
    };
  },
} satisfies HandlersOf<'outlet'>;
