// What will print, as a self-contained HTML fragment the renderer can show (and a browser test can
// screenshot). The paper is `columns` character cells wide; an ASCII character fills one cell and a
// Chinese character two, exactly as in the printer's Chinese mode. A monospace font alone does not
// promise that (CJK glyphs are rarely exactly two ASCII widths), so each double-width character
// sits in a box of exactly 2ch.
import { displayWidth } from './gb18030';
import type { LayoutProfile, ReceiptLines } from './layout';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function lineHtml(line: string): string {
  let html = '';
  let run = '';
  for (const ch of line) {
    if (displayWidth(ch) === 1) {
      run += ch;
      continue;
    }
    html += escapeHtml(run) + `<span class="w2">${escapeHtml(ch)}</span>`;
    run = '';
  }
  html += escapeHtml(run);
  // An empty line keeps its height.
  return `<div class="ln">${html === '' ? '&#8203;' : html}</div>`;
}

const STYLE = `
.escpos-preview{display:inline-block;background:#fff;color:#000;padding:8px 0}
.escpos-preview .paper{font-family:"Noto Sans Mono CJK SC","Sarasa Mono SC",ui-monospace,monospace;font-size:14px;line-height:1.5;white-space:pre;border-left:1px solid #ccc;border-right:1px solid #ccc;padding:4px 0;box-sizing:content-box}
.escpos-preview .ln{overflow:hidden;height:1.5em}
.escpos-preview .w2{display:inline-block;width:2ch;text-align:center;overflow:hidden;vertical-align:top}
.escpos-preview .cut{border-top:2px dashed #888;margin:10px 0;position:relative}
.escpos-preview .cut span{position:absolute;top:-0.8em;left:0;background:#fff;font-size:12px;color:#888;padding:0 4px}
`;

function paper(lines: string[], columns: number, part: string): string {
  return `<div class="paper" data-part="${part}" style="width:${columns}ch">${lines.map(lineHtml).join('')}</div>`;
}

export function previewHtml(lines: ReceiptLines, profile: LayoutProfile): string {
  const { columns } = profile;
  return [
    `<div class="escpos-preview" data-columns="${columns}">`,
    `<style>${STYLE}</style>`,
    paper(lines.institution, columns, 'institution'),
    '<div class="cut" role="separator" aria-label="cut"><span>&#9986; 裁切 cut</span></div>',
    paper(lines.customer, columns, 'customer'),
    '</div>',
  ].join('');
}
