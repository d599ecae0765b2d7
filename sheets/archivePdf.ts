// The day's archive as a PDF (issue 19 item 7; 第三十五条(三), 第三十二条(二), 第四十九条): a cover
// with the day's figures, then the institution copy (特许机构联) of every receipt of the day, each as
// the printer lays it out (the same lines, so the archive reads like the paper it replaces: thermal
// paper fades within months, the duty is 3 years), then the back-fill list (补录清单). Drawn in the
// CJK font reports use (fonts.ts); none refuses with REPORT_FONT_MISSING and the day stays listed as
// missing until a font is installed and the archive is made again.
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { findCjkFonts, type CjkFonts, type FindFontOptions } from './fonts';

export interface ArchiveSection {
  heading: string;
  lines: string[];
}

export interface ArchiveDocument {
  title: string;
  cover: string[];
  /** One section per receipt: kept on one page where it fits. */
  receipts: ArchiveSection[];
  backfills: ArchiveSection;
  /** Fixed in the file's metadata, so the same day made twice differs only where the content does. */
  madeAt: Date;
}

const MARGIN = 40;
const SIZE = 8.5;
const LEADING = SIZE * 1.45;

export async function archivePdf(d: ArchiveDocument, options: FindFontOptions & { fonts?: CjkFonts } = {}): Promise<Buffer> {
  const fonts = options.fonts ?? findCjkFonts(options);
  const doc = new PDFDocument({
    size: 'A4', margin: MARGIN, bufferPages: true, lang: 'zh-CN',
    info: { Title: d.title, Creator: 'teller-terminal', CreationDate: d.madeAt, ModDate: d.madeAt },
    // No default Helvetica (see pdf.ts): every glyph is drawn in the CJK font.
    font: null as unknown as string,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const data = readFileSync(fonts.regular.path);
  if (fonts.regular.postscriptName) doc.registerFont('archive', data, fonts.regular.postscriptName);
  else doc.registerFont('archive', data);
  doc.font('archive');
  const bottom = doc.page.height - MARGIN - LEADING;
  let y = MARGIN;
  const line = (text: string, size = SIZE) => {
    if (y > bottom) {
      doc.addPage();
      y = MARGIN;
    }
    doc.fontSize(size).text(text, MARGIN, y, { lineBreak: false });
    y += size === SIZE ? LEADING : size * 1.6;
  };
  const section = (s: ArchiveSection, keepTogether: boolean) => {
    if (keepTogether && y + (s.lines.length + 2) * LEADING > bottom && y > MARGIN) {
      doc.addPage();
      y = MARGIN;
    }
    line(s.heading, SIZE + 1.5);
    for (const l of s.lines) line(l);
    y += LEADING;
  };
  line(d.title, 14);
  for (const c of d.cover) line(c, SIZE + 1);
  y += LEADING;
  for (const r of d.receipts) section(r, true);
  doc.addPage();
  y = MARGIN;
  section(d.backfills, false);
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // The footer sits in the bottom margin: with the margin kept, pdfkit would start a new page for it.
    doc.page.margins.bottom = 0;
    doc.fontSize(SIZE - 1).text(`${d.title}  第 ${i + 1} 页 共 ${range.count} 页`, MARGIN, doc.page.height - MARGIN + 8, { lineBreak: false });
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
