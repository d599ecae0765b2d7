// The pieces every report layout is built from (shared/reports/sheet*.ts): cell constructors
// (a null amount is the form's '/': the item does not apply), currency names, and the lines that
// head and sign a sheet. Used by the layouts only; not re-exported by sheet.ts.
import { CURRENCIES } from '../money/currencies';
import type { OutletHeader } from './types';
import type { SheetCell, SheetSignatures } from './sheetTypes';

export const label = (text: string, extra: Partial<SheetCell> & { indent?: number } = {}): SheetCell => ({ kind: 'label', text, ...extra }) as SheetCell;
export const text = (value: string | null, extra: Partial<SheetCell> = {}): SheetCell =>
  (value === null || value === '' ? { kind: 'empty', ...extra } : { kind: 'text', text: value, ...extra }) as SheetCell;
export const amount = (value: string | null, minDecimals: number): SheetCell => (value === null ? { kind: 'slash' } : { kind: 'amount', value, minDecimals });
export const count = (value: number): SheetCell => ({ kind: 'count', value });
export const empty = (): SheetCell => ({ kind: 'empty' });

/** A currency as the forms name it: 美元 USD (the code alone when it is not known). */
export function currencyName(currency: string): string {
  const zh = CURRENCIES.get(currency)?.zh;
  return zh ? `${zh} ${currency}` : currency;
}

export function signatureLine(s: SheetSignatures = {}, preparerLabel = '填报人'): string {
  const blank = '__________';
  return `${preparerLabel}：${s.preparer ?? blank}    负责人：${s.responsible ?? blank}    联系电话：${s.phone ?? blank}    填报日期：${s.filedOn ?? blank}`;
}

export function outletLine(o: OutletHeader): string {
  return `机构名称：${o.institutionName}    网点：${o.outletName}（${o.outletCode}）`;
}

export function yearMonth(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${m}月`;
}
