// What a sheet cell shows (shared/reports/sheet.ts): the exact text of an amount (thousands
// grouped, padded with zeros, never rounded) and a cell's default alignment, the same on screen,
// in the PDF and in the XLSX.
import { Decimal } from '../money/money';
import { CURRENCIES } from '../money/currencies';
import type { CellContent, SheetCell } from './sheetTypes';

/** The decimals a currency's amounts are shown with (its ISO minor units; 2 if unknown). */
export function currencyDecimals(currency: string): number {
  return CURRENCIES.get(currency)?.minorUnits ?? 2;
}

function groupThousands(plain: string): string {
  const negative = plain.startsWith('-');
  const [whole, fraction] = (negative ? plain.slice(1) : plain).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/**
 * The decimal places an amount cell is shown with: as many as the decimal string carries (a rate
 * quoted as 7.083340 keeps its last zero), or more to reach minDecimals.
 */
export function amountDecimals(value: string, minDecimals: number): number {
  const own = /^-?\d+(\.\d*)?$/.test(value) ? (value.split('.')[1]?.length ?? 0) : new Decimal(value).decimalPlaces();
  return Math.max(own, minDecimals);
}

/** The exact text of an amount: thousands grouped, padded with zeros, never rounded. */
export function formatSheetAmount(value: string, minDecimals: number): string {
  const d = new Decimal(value);
  return groupThousands(d.toFixed(amountDecimals(value, minDecimals)));
}

/** What a cell shows, on screen, in the PDF and (for text cells) in the XLSX. */
export function cellText(cell: CellContent): string {
  switch (cell.kind) {
    case 'label':
    case 'text':
      return cell.text;
    case 'amount':
      return formatSheetAmount(cell.value, cell.minDecimals);
    case 'count':
      return groupThousands(String(cell.value));
    case 'slash':
      return '/';
    case 'empty':
      return '';
  }
}

/** Default alignment: labels left, numbers right, '/' centred. */
export function cellAlign(cell: SheetCell): 'left' | 'center' | 'right' {
  if (cell.align) return cell.align;
  switch (cell.kind) {
    case 'amount':
    case 'count':
      return 'right';
    case 'slash':
      return 'center';
    case 'label':
    case 'text':
    case 'empty':
      return 'left';
  }
}
