/**
 * The CJK font a briefing PDF embeds: found from `BRIEFING_FONT` or the usual system locations,
 * checked for Chinese glyphs, and the face picked out of a collection (.ttc).
 *
 * pdfkit embeds a subset of the face through fontkit; for the CFF-flavoured Noto Sans CJK faces
 * in the Debian `fonts-noto-cjk` collection that is a CIDFontType0C subset of just the glyphs
 * used (verified with pdffonts: "CID Type 0C, emb yes, sub yes").
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as fontkit from 'fontkit';

/** A font file and, for a collection, the PostScript name of the face to use. */
export interface CjkFont {
  path: string;
  family?: string;
}

/** Raised when no usable CJK font is found: the PDF would show no Chinese at all. */
export class BriefingFontMissingError extends Error {
  constructor(detail?: string) {
    super(
      `${detail ? `${detail}. ` : ''}No CJK font for the briefing PDF: install the Debian/Ubuntu package ` +
        'fonts-noto-cjk (Alpine: font-noto-cjk) or set BRIEFING_FONT to a TTF/OTF/TTC file with Chinese ' +
        'glyphs (BRIEFING_FONT_FAMILY names the face inside a .ttc, e.g. NotoSansCJKsc-Regular)',
    );
    this.name = 'BriefingFontMissingError';
  }
}

const NOTO_SANS_SC = 'NotoSansCJKsc-Regular';

/** Where distributions put CJK fonts, best first (Simplified Chinese faces before the rest). */
export const CJK_FONT_CANDIDATES: readonly CjkFont[] = [
  // Debian / Ubuntu: fonts-noto-cjk.
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: NOTO_SANS_SC },
  { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', family: 'NotoSerifCJKsc-Regular' },
  // Alpine: font-noto-cjk.
  { path: '/usr/share/fonts/noto/NotoSansCJK-Regular.ttc', family: NOTO_SANS_SC },
  // Arch noto-fonts-cjk; Fedora google-noto-sans-cjk-ttc-fonts.
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', family: NOTO_SANS_SC },
  { path: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', family: NOTO_SANS_SC },
  // Single-face Noto packaging (older Debian, hand installs).
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf' },
  { path: '/usr/share/fonts/noto/NotoSansCJKsc-Regular.otf' },
  // Debian fonts-wqy-microhei / fonts-wqy-zenhei; Alpine font-wqy-zenhei.
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc' },
  { path: '/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc' },
  // Debian fonts-arphic-*: the GB (Simplified) faces first.
  { path: '/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf' },
  { path: '/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf' },
  { path: '/usr/share/fonts/truetype/arphic/uming.ttc' },
  { path: '/usr/share/fonts/truetype/arphic/ukai.ttc' },
];

/**
 * The CJK font to embed: `BRIEFING_FONT` (with `BRIEFING_FONT_FAMILY` for a face in a .ttc) when
 * set, else the first of `candidates` that exists; null when none does. A `BRIEFING_FONT` that
 * names no file gives null rather than a silent fallback: the setting is wrong and should be
 * fixed.
 */
export function findCjkFont(
  env: NodeJS.ProcessEnv = process.env,
  candidates: readonly CjkFont[] = CJK_FONT_CANDIDATES,
): CjkFont | null {
  const configured = env.BRIEFING_FONT?.trim();
  if (configured) {
    if (!isFile(configured)) return null;
    const family = env.BRIEFING_FONT_FAMILY?.trim();
    return family ? { path: configured, family } : { path: configured };
  }
  for (const c of candidates) if (isFile(c.path)) return { ...c };
  return null;
}

function isFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A face ready for pdfkit: parsed once by fontkit and reused by every briefing. */
export interface LoadedCjkFont {
  path: string;
  /** PostScript name of the face. */
  postscriptName: string;
  /** The fontkit face (pdfkit 0.20 takes it in place of a file and subsets it per document). */
  face: fontkit.Font;
}

/** Characters every briefing prints: a face without them would render tofu. */
const PROBE = '郑州市网格化管理工作通报结案率（）';

/**
 * The face loaded last: one font serves every briefing, and reading and parsing 20 MB each time
 * would cost more than the rest of a render. Rendering is synchronous, so sharing it is safe.
 */
let cached: { key: string; font: LoadedCjkFont } | null = null;

function coversChinese(font: fontkit.Font): boolean {
  return [...PROBE].every((ch) => font.hasGlyphForCodePoint(ch.codePointAt(0)!));
}

function isCollection(f: fontkit.Font | fontkit.FontCollection): f is fontkit.FontCollection {
  return f.type === 'TTC' || f.type === 'DFont';
}

/** Variable CFF2 faces cannot be embedded in a PDF (PDF knows CFF, not CFF2). */
function isCff2(font: fontkit.Font): boolean {
  const tables = (font as unknown as { directory?: { tables?: Record<string, unknown> } }).directory?.tables;
  return !!tables && 'CFF2' in tables;
}

/**
 * Opens `font` and picks the face to embed: the named one, or in a collection the first
 * Simplified Chinese face (then any face with Chinese glyphs). Throws BriefingFontMissingError
 * when the file cannot be read or has no usable Chinese face.
 */
export function loadCjkFont(font: CjkFont): LoadedCjkFont {
  if (!isFile(font.path)) throw new BriefingFontMissingError(`Font file ${font.path} does not exist`);
  const st = statSync(font.path);
  const key = [font.path, font.family ?? '', st.size, st.mtimeMs].join('|');
  if (cached?.key === key) return cached.font;
  let parsed: fontkit.Font | fontkit.FontCollection;
  try {
    parsed = fontkit.create(readFileSync(font.path));
  } catch (err) {
    throw new BriefingFontMissingError(`Font file ${font.path} cannot be read as a font (${(err as Error).message})`);
  }
  const face = pickFace(font, parsed);
  skipComposition(face);
  const loaded = { path: font.path, postscriptName: face.postscriptName, face };
  cached = { key, font: loaded };
  return loaded;
}

/**
 * Lays text out without the `ccmp` (glyph composition) feature unless asked for. Chinese text has
 * nothing to compose, the glyphs and advances come out the same (checked on 3,000 Zhengzhou
 * village names, digits and punctuation), and Noto CJK's ccmp lookups make fontkit's shaping
 * about five times slower: most of a briefing's render time.
 */
function skipComposition(face: fontkit.Font): void {
  const layout = face.layout.bind(face);
  face.layout = (text, features, ...rest) => layout(text, features ?? { ccmp: false }, ...rest);
}

function pickFace(font: CjkFont, parsed: fontkit.Font | fontkit.FontCollection): fontkit.Font {
  const usable = (f: fontkit.Font) => coversChinese(f) && !isCff2(f);
  if (!isCollection(parsed)) {
    if (!usable(parsed)) throw new BriefingFontMissingError(`${font.path} has no Chinese glyphs or is a variable font`);
    return parsed;
  }
  const faces = parsed.fonts;
  if (font.family) {
    const face = faces.find((f) => f.postscriptName === font.family);
    if (!face) {
      throw new BriefingFontMissingError(
        `${font.path} has no face ${font.family} (faces: ${faces.map((f) => f.postscriptName).join(', ')})`,
      );
    }
    if (!usable(face)) throw new BriefingFontMissingError(`${font.family} in ${font.path} has no Chinese glyphs`);
    return face;
  }
  const chinese = faces.filter(usable);
  const face =
    chinese.find((f) => /CJKsc|SC\b|GB|Hans|CN/.test(f.postscriptName) && !/Mono/i.test(f.postscriptName)) ??
    chinese[0];
  if (!face) throw new BriefingFontMissingError(`${font.path} has no face with Chinese glyphs`);
  return face;
}
