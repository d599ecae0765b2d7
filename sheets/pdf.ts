// A ReportSheet as a PDF drawn like the paper form: A4 (landscape when the table is wide), the
// title, subtitle and unit lines, the table grid with the form's merged cells, total rows bold, the
// signature line and 公章 under it. Chinese needs a CJK font found on the machine (fonts.ts); with
// none the export is refused with REPORT_FONT_MISSING, never a PDF of empty boxes. Long tables
// (the 台账) continue on further pages with the header rows repeated, never splitting a merged cell.
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { Refusal } from '../shared/errors';
import { cellAlign, cellText, isWide, placeCells, type PlacedCell, type ReportSheet } from '../shared/reports/sheet';
import { findCjkFonts, type CjkFonts, type FindFontOptions, type FontFace } from './fonts';

export interface PdfOptions extends FindFontOptions {
  /** Fonts already found (skips the search). */
  fonts?: CjkFonts;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 36;
const PAD = 3;
const MAX_LINES = 3;
const REGULAR = 'report-regular';
const BOLD = 'report-bold';

type Doc = PDFKit.PDFDocument;

export async function toPdf(sheet: ReportSheet, options: PdfOptions = {}): Promise<Buffer> {
  const fonts = options.fonts ?? findCjkFonts(options);
  const landscape = isWide(sheet);
  const [pageW, pageH] = landscape ? [A4[1], A4[0]] : A4;
  const doc = new PDFDocument({
    size: 'A4',
    layout: landscape ? 'landscape' : 'portrait',
    margin: MARGIN,
    bufferPages: true,
    lang: 'zh-CN',
    info: { Title: sheet.title, Creator: 'teller-terminal' },
    // No default Helvetica: pdfkit loads the standard fonts by a dynamic require that a bundled
    // main process (build/bundle.mjs) cannot resolve, and every glyph here is drawn in the CJK font.
    font: null as unknown as string,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  register(doc, REGULAR, fonts.regular);
  const fakeBold = fonts.bold === null;
  register(doc, BOLD, fonts.bold ?? fonts.regular);

  const tableW = pageW - 2 * MARGIN;
  const units = sheet.columns.reduce((s, c) => s + c.width, 0);
  const colX: number[] = [MARGIN];
  for (const c of sheet.columns) colX.push(colX[colX.length - 1]! + (c.width / units) * tableW);
  // One spreadsheet width unit is about 0.55 em: the type size that keeps the columns' proportions.
  let fontSize = Math.max(6, Math.min(10, tableW / units / 0.55));

  const placed = placeCells(sheet);
  const headerRows = sheet.header.length;
  const headerCells = placed.filter((p) => p.header);
  const draw = new Drawer(doc, fakeBold);
  const layout = (size: number) => {
    const heights = rowHeights(placed, headerRows + sheet.body.length, colX, Math.round(size * 2.1 * 10) / 10, size, draw);
    return { heights, pages: paginate(sheet, placed, heights, pageH, size) };
  };
  let { heights, pages } = layout(fontSize);
  // A one-page form (附表1, 第五十一条) is never continued on a second page: the whole table's
  // type, labels and figures alike, is made smaller until it fits, so no label is smaller than
  // its neighbours (issue 20 item 7).
  while (sheet.onePage && pages.length > 1 && fontSize > 5) {
    fontSize -= 0.25;
    ({ heights, pages } = layout(fontSize));
  }

  pages.forEach((page, pi) => {
    if (pi > 0) doc.addPage();
    let y = MARGIN;
    if (pi === 0) {
      y = draw.line(sheet.title, MARGIN, y, tableW, 'center', fontSize + 7, true) + 6;
      for (const s of sheet.subtitle) y = draw.line(s, MARGIN, y, tableW, 'center', fontSize) + 2;
    } else {
      y = draw.line(`${sheet.title}（续）`, MARGIN, y, tableW, 'center', fontSize + 1, true) + 4;
    }
    if (sheet.unit) y = draw.line(sheet.unit, MARGIN, y, tableW, 'left', fontSize) + 2;

    // The y of each grid row on this page: the header rows, then this page's body rows.
    const rowY = new Map<number, number>();
    let cursor = y;
    const rows = [...Array.from({ length: headerRows }, (_, i) => i), ...Array.from({ length: page.to - page.from }, (_, i) => page.from + i)];
    for (const r of rows) {
      rowY.set(r, cursor);
      cursor += heights[r]!;
    }
    const spanH = (p: PlacedCell) => heights.slice(p.row, p.row + p.rowSpan).reduce((a, b) => a + b, 0);
    const cells = [...headerCells, ...placed.filter((p) => !p.header && p.row >= page.from && p.row < page.to)];
    for (const p of cells) {
      const x = colX[p.col]!;
      draw.cell(p, x, rowY.get(p.row)!, colX[p.col + p.colSpan]! - x, spanH(p), fontSize);
    }
    doc.lineWidth(1).rect(MARGIN, y, tableW, cursor - y).stroke();

    if (pi === pages.length - 1) {
      let fy = cursor + fontSize;
      for (const f of sheet.footer) fy = draw.line(f, MARGIN, fy, tableW, 'left', fontSize) + fontSize * 0.8;
    }
  });

  const range = doc.bufferedPageRange();
  if (range.count > 1) {
    for (let i = 0; i < range.count; i++) {
      doc.switchToPage(range.start + i);
      draw.line(`第 ${i + 1} 页 共 ${range.count} 页`, MARGIN, pageH - MARGIN + 4, tableW, 'center', fontSize - 1);
    }
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

function register(doc: Doc, name: string, face: FontFace): void {
  try {
    // Read once here so a damaged file is our refusal, not an error deep inside a draw call.
    const data = readFileSync(face.path);
    if (face.postscriptName) doc.registerFont(name, data, face.postscriptName);
    else doc.registerFont(name, data);
    doc.font(name);
  } catch (e) {
    throw new Refusal('REPORT_FONT_UNUSABLE', { path: face.path, reason: e instanceof Error ? e.message : String(e) });
  }
}

interface Page {
  /** Body rows [from, to) as grid rows (header rows counted). */
  from: number;
  to: number;
}

/**
 * Each grid row's height: the standard row, taller where a wrapped label or text needs more lines
 * (up to MAX_LINES; beyond that the text shrinks), and merged cells get the rows they span.
 */
function rowHeights(placed: PlacedCell[], count: number, colX: number[], rowH: number, fontSize: number, draw: Drawer): number[] {
  const heights = new Array<number>(count).fill(rowH);
  const needed = (p: PlacedCell) => draw.height(p, colX[p.col + p.colSpan]! - colX[p.col]!, fontSize);
  for (const p of placed) if (p.rowSpan === 1) heights[p.row] = Math.max(heights[p.row]!, needed(p));
  for (const p of placed) {
    if (p.rowSpan === 1) continue;
    const have = heights.slice(p.row, p.row + p.rowSpan).reduce((a, b) => a + b, 0);
    const deficit = needed(p) - have;
    if (deficit > 0) for (let r = p.row; r < p.row + p.rowSpan; r++) heights[r]! += deficit / p.rowSpan;
  }
  return heights;
}

/** Splits the body into pages at rows no merged cell crosses; the footer stays with the last rows. */
function paginate(sheet: ReportSheet, placed: PlacedCell[], heights: number[], pageH: number, fontSize: number): Page[] {
  const headerRows = sheet.header.length;
  const end = headerRows + sheet.body.length;
  // A page may end after row r only if no cell spans from r into r + 1.
  const reach = new Array<number>(end).fill(0);
  for (const p of placed) for (let r = p.row; r < p.row + p.rowSpan; r++) reach[r] = Math.max(reach[r]!, p.row + p.rowSpan);
  const canBreakAfter = (r: number) => reach[r]! <= r + 1;
  const headerH = heights.slice(0, headerRows).reduce((a, b) => a + b, 0);
  const lineH = fontSize * 1.6;
  const titleH = fontSize + 7 + 10 + sheet.subtitle.length * (lineH + 2) + (sheet.unit ? lineH + 2 : 0);
  const contH = fontSize + 5 + (sheet.unit ? lineH + 2 : 0);
  const footerH = fontSize + sheet.footer.length * (lineH + fontSize * 0.8);
  const bottomLimit = pageH - MARGIN - fontSize * 1.5; // room for the page number

  const pages: Page[] = [];
  let from = headerRows;
  while (from < end || pages.length === 0) {
    let y = MARGIN + (pages.length === 0 ? titleH : contH) + headerH;
    let to = from;
    let lastBreak = from;
    while (to < end && y + heights[to]! <= bottomLimit) {
      y += heights[to]!;
      to++;
      if (canBreakAfter(to - 1)) lastBreak = to;
    }
    if (to === from && to < end) to = from + 1; // a row taller than a page: print it anyway
    let cut = to === end ? end : lastBreak > from ? lastBreak : to; // a block taller than a page is cut
    // The footer must fit under the last rows; otherwise the last block goes to a new page.
    if (cut === end && y + footerH > bottomLimit && end - from > 1) {
      let b = end - 1;
      while (b > from && !canBreakAfter(b - 1)) b--;
      if (b > from) cut = b;
    }
    pages.push({ from, to: cut });
    if (cut >= end) break;
    from = cut;
  }
  return pages;
}

class Drawer {
  constructor(
    private readonly doc: Doc,
    private readonly fakeBold: boolean,
  ) {}

  /** One line of prose (title, subtitle, footer); returns the y under it. */
  line(text: string, x: number, y: number, w: number, align: 'left' | 'center' | 'right', size: number, bold = false): number {
    const { lines, fontSize } = this.fit(text, w, Number.POSITIVE_INFINITY, size, bold, true);
    const lh = this.lineHeight(fontSize, bold);
    lines.forEach((l, i) => this.text(l, x, y + i * lh, w, align, fontSize, bold));
    return y + lines.length * lh;
  }

  /** The height a cell needs at the standard size: its wrapped lines (at most MAX_LINES). */
  height(p: PlacedCell, w: number, size: number): number {
    const content = p.cell;
    if (content.kind !== 'label' && content.kind !== 'text') return 0;
    const indent = content.kind === 'label' && content.indent ? content.indent * size : 0;
    const lines = Math.min(MAX_LINES, this.fit(cellText(content), w - 2 * PAD - indent, Number.POSITIVE_INFINITY, size, p.bold, true).lines.length);
    return lines * this.lineHeight(size, p.bold) + 2 * PAD;
  }

  cell(p: PlacedCell, x: number, y: number, w: number, h: number, size: number): void {
    this.doc.lineWidth(0.5).rect(x, y, w, h).stroke();
    const content = p.cell;
    const text = cellText(content);
    if (!text) return;
    const indent = content.kind === 'label' && content.indent ? content.indent * size : 0;
    const innerW = w - 2 * PAD - indent;
    // Numbers never wrap (a wrapped amount is misread): they shrink to fit instead.
    const wrap = content.kind === 'label' || content.kind === 'text';
    const { lines, fontSize } = this.fit(text, innerW, h - 2, size, p.bold, wrap);
    const lh = this.lineHeight(fontSize, p.bold);
    const top = y + (h - lines.length * lh) / 2;
    lines.forEach((l, i) => this.text(l, x + PAD + indent, top + i * lh, innerW, cellAlign(content), fontSize, p.bold));
  }

  private font(size: number, bold: boolean): void {
    this.doc.font(bold ? BOLD : REGULAR).fontSize(size);
  }

  private lineHeight(size: number, bold: boolean): number {
    this.font(size, bold);
    return this.doc.currentLineHeight(false);
  }

  /**
   * The largest size ≤ size at which the text fits the box. A text that is a little too long
   * shrinks a little rather than wrap (a time or a bracket broken over two lines reads badly);
   * a long one wraps by character (CJK) if allowed, then shrinks.
   */
  private fit(text: string, w: number, h: number, size: number, bold: boolean, wrap: boolean): { lines: string[]; fontSize: number } {
    const fitsOneLine = (s: number) => {
      this.font(s, bold);
      return this.doc.widthOfString(text) <= w && this.doc.currentLineHeight(false) <= h;
    };
    if (wrap) for (let s = size; s >= size * 0.8; s -= 0.25) if (fitsOneLine(s)) return { lines: [text], fontSize: s };
    for (let s = size; ; s -= 0.5) {
      this.font(s, bold);
      const lines = wrap ? this.wrap(text, w) : [text];
      const fits = lines.every((l) => this.doc.widthOfString(l) <= w) && lines.length * this.doc.currentLineHeight(false) <= h;
      if (fits || s <= 4) return { lines, fontSize: s };
    }
  }

  /** Greedy wrap: at spaces where there are any, else between any two characters (CJK). */
  private wrap(text: string, w: number): string[] {
    if (this.doc.widthOfString(text) <= w) return [text];
    const lines: string[] = [];
    let current = '';
    for (const ch of Array.from(text)) {
      if (current && this.doc.widthOfString(current + ch) > w) {
        lines.push(current.trimEnd());
        current = ch === ' ' ? '' : ch;
      } else {
        current += ch;
      }
    }
    if (current) lines.push(current);
    return lines;
  }

  private text(line: string, x: number, y: number, w: number, align: 'left' | 'center' | 'right', size: number, bold: boolean): void {
    this.font(size, bold);
    const tw = this.doc.widthOfString(line);
    const tx = align === 'left' ? x : align === 'right' ? x + w - tw : x + (w - tw) / 2;
    if (bold && this.fakeBold) {
      this.doc.lineWidth(size * 0.04).text(line, tx, y, { lineBreak: false, fill: true, stroke: true });
      this.doc.lineWidth(0.5);
    } else {
      this.doc.text(line, tx, y, { lineBreak: false });
    }
  }
}
