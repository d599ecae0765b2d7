// The CJK font for PDF reports. No font ships with the terminal (a CJK font is 10–20 MB), so one
// is found at run time among the well-known system fonts of Linux, Windows and macOS, or taken
// from an override (terminal config, or the TELLER_REPORT_FONT environment variable). A font
// collection (.ttc) holds several faces: pdfkit needs the face's PostScript name, which we read
// from the file's own name table rather than trust a hard-coded name.
import { existsSync, readFileSync } from 'node:fs';
import { win32 } from 'node:path';
import { Refusal } from '../shared/errors';

export const FONT_ENV = 'TELLER_REPORT_FONT';

export interface FontFace {
  path: string;
  /** The face inside a collection (.ttc); undefined for a single-face .ttf/.otf. */
  postscriptName?: string;
}

export interface CjkFonts {
  regular: FontFace;
  /** Null when no bold face is at hand: bold is then drawn by stroking the regular face. */
  bold: FontFace | null;
}

interface Candidate {
  path: string;
  /** Preferred faces in a collection, best first (Simplified Chinese). */
  prefer?: RegExp[];
  bold?: { path: string; prefer?: RegExp[] };
}

function candidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): Candidate[] {
  if (platform === 'win32') {
    const fonts = win32.join(env.WINDIR ?? env.SystemRoot ?? 'C:\\Windows', 'Fonts');
    const f = (name: string) => win32.join(fonts, name);
    return [
      { path: f('msyh.ttc'), prefer: [/^MicrosoftYaHei$/], bold: { path: f('msyhbd.ttc'), prefer: [/^MicrosoftYaHei-Bold$/] } },
      { path: f('simhei.ttf') },
      { path: f('simsun.ttc'), prefer: [/^SimSun$/] },
      { path: f('Deng.ttf'), bold: { path: f('Dengb.ttf') } },
    ];
  }
  if (platform === 'darwin') {
    return [
      { path: '/System/Library/Fonts/PingFang.ttc', prefer: [/^PingFangSC-Regular$/], bold: { path: '/System/Library/Fonts/PingFang.ttc', prefer: [/^PingFangSC-Semibold$/] } },
      { path: '/System/Library/Fonts/STHeiti Light.ttc', prefer: [/^STHeitiSC-Light$/] },
      { path: '/System/Library/Fonts/Hiragino Sans GB.ttc', prefer: [/^HiraginoSansGB-W3$/], bold: { path: '/System/Library/Fonts/Hiragino Sans GB.ttc', prefer: [/^HiraginoSansGB-W6$/] } },
      { path: '/Library/Fonts/Arial Unicode.ttf' },
    ];
  }
  const noto = (dir: string, family: 'Sans' | 'Serif'): Candidate => ({
    path: `${dir}/Noto${family}CJK-Regular.ttc`,
    prefer: [new RegExp(`^Noto${family}CJKsc-Regular$`)],
    bold: { path: `${dir}/Noto${family}CJK-Bold.ttc`, prefer: [new RegExp(`^Noto${family}CJKsc-Bold$`)] },
  });
  return [
    noto('/usr/share/fonts/opentype/noto', 'Sans'), // Debian/Ubuntu fonts-noto-cjk
    noto('/usr/share/fonts/noto-cjk', 'Sans'), // Fedora, Arch
    noto('/usr/share/fonts/google-noto-cjk', 'Sans'),
    { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', prefer: [/MicroHei$/] }, // fonts-wqy-microhei
    { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', prefer: [/ZenHei$/] }, // fonts-wqy-zenhei
    { path: '/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc', prefer: [/MicroHei$/] },
    noto('/usr/share/fonts/opentype/noto', 'Serif'),
  ];
}

export interface FindFontOptions {
  /** From the terminal's config: "path" or "path#PostScriptName"; wins over everything. */
  fontPath?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  exists?: (path: string) => boolean;
}

/** Finds a CJK font or refuses with REPORT_FONT_MISSING (saying what to install). */
export function findCjkFonts(options: FindFontOptions = {}): CjkFonts {
  const env = options.env ?? process.env;
  const exists = options.exists ?? existsSync;
  const override = options.fontPath?.trim() || env[FONT_ENV]?.trim();
  if (override) {
    const hash = override.lastIndexOf('#');
    const path = hash > 0 ? override.slice(0, hash) : override;
    const name = hash > 0 ? override.slice(hash + 1) : undefined;
    if (!exists(path)) throw new Refusal('REPORT_FONT_MISSING', { searched: path });
    return { regular: face(path, name ? [new RegExp(`^${escapeRegExp(name)}$`)] : [], Boolean(name)), bold: null };
  }
  const list = candidates(options.platform ?? process.platform, env);
  for (const c of list) {
    if (!exists(c.path)) continue;
    const bold = c.bold && exists(c.bold.path) ? face(c.bold.path, c.bold.prefer ?? [], false) : null;
    return { regular: face(c.path, c.prefer ?? [], false), bold };
  }
  throw new Refusal('REPORT_FONT_MISSING', { searched: list.map((c) => c.path).join(', ') });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Faces by file: a system font does not change while the terminal runs. */
const NAMES = new Map<string, string[]>();

/** The face to use in a file: for a collection, the first preferred face present (else the first). */
function face(path: string, prefer: RegExp[], strict: boolean): FontFace {
  let names = NAMES.get(path);
  try {
    names ??= postscriptNames(readFileSync(path));
    NAMES.set(path, names);
  } catch (e) {
    throw new Refusal('REPORT_FONT_UNUSABLE', { path, reason: e instanceof Error ? e.message : String(e) });
  }
  if (names.length <= 1) return { path };
  for (const re of prefer) {
    const hit = names.find((n) => re.test(n));
    if (hit) return { path, postscriptName: hit };
  }
  if (strict) throw new Refusal('REPORT_FONT_UNUSABLE', { path, reason: `no face named ${prefer[0]?.source ?? ''}; it holds ${names.join(', ')}` });
  // Prefer a Simplified Chinese face of an unknown collection.
  return { path, postscriptName: names.find((n) => /(SC|GB|-?Hans)\b|sc-/i.test(n)) ?? names[0]! };
}

/**
 * The PostScript name (name ID 6) of each face of an OpenType file or collection, in order.
 * Throws on a file that is neither.
 */
export function postscriptNames(buf: Buffer): string[] {
  const tag = buf.toString('latin1', 0, 4);
  if (tag === 'ttcf') {
    const n = buf.readUInt32BE(8);
    if (n === 0 || n > 1000 || 12 + 4 * n > buf.length) throw new Error('damaged font collection header');
    return Array.from({ length: n }, (_, i) => faceName(buf, buf.readUInt32BE(12 + 4 * i)) ?? `face${i}`);
  }
  if (tag === '\x00\x01\x00\x00' || tag === 'OTTO' || tag === 'true') return [faceName(buf, 0) ?? ''];
  throw new Error('not a TrueType/OpenType font');
}

function faceName(buf: Buffer, offset: number): string | undefined {
  const numTables = buf.readUInt16BE(offset + 4);
  for (let i = 0; i < numTables; i++) {
    const rec = offset + 12 + 16 * i;
    if (buf.toString('latin1', rec, rec + 4) !== 'name') continue;
    const table = buf.readUInt32BE(rec + 8);
    const count = buf.readUInt16BE(table + 2);
    const strings = table + buf.readUInt16BE(table + 4);
    let mac: string | undefined;
    for (let j = 0; j < count; j++) {
      const r = table + 6 + 12 * j;
      const platform = buf.readUInt16BE(r);
      const nameId = buf.readUInt16BE(r + 6);
      if (nameId !== 6) continue;
      const len = buf.readUInt16BE(r + 8);
      const start = strings + buf.readUInt16BE(r + 10);
      if (platform === 3 || platform === 0) return utf16be(buf.subarray(start, start + len));
      if (platform === 1) mac ??= buf.toString('latin1', start, start + len);
    }
    return mac;
  }
  return undefined;
}

function utf16be(b: Buffer): string {
  const swapped = Buffer.from(b);
  swapped.swap16();
  return swapped.toString('utf16le');
}
