import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BriefingFontMissingError, CJK_FONT_CANDIDATES, findCjkFont, renderBriefingPdf } from './briefing-pdf';
import { cityScaleBriefing, sampleBriefing } from '../../testing/briefing-fixture';

const NOTO = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const POPPLER = ['pdffonts', 'pdftotext', 'pdftoppm', 'pdfinfo'];
const missingTools = POPPLER.filter((tool) => spawnSync(tool, ['-v']).error);
const font = findCjkFont();
const noFont = font === null;
const noTools = noFont || missingTools.length > 0;
if (noFont) {
  console.warn('briefing PDF checks SKIPPED: no CJK font (install fonts-noto-cjk or set BRIEFING_FONT)');
} else if (missingTools.length) {
  console.warn(`briefing PDF checks SKIPPED: poppler-utils missing (${missingTools.join(', ')} not on PATH)`);
}

const run = (tool: string, ...args: string[]) => execFileSync(tool, args, { encoding: 'utf8' });

/** Decodes a PNG and counts its dark and its red pixels. */
function inkOf(png: Buffer): { width: number; height: number; dark: number; red: number } {
  const img = PNG.sync.read(png);
  let dark = 0;
  let red = 0;
  for (let i = 0; i < img.data.length; i += 4) {
    const [r, g, b] = [img.data[i], img.data[i + 1], img.data[i + 2]];
    if (0.299 * r + 0.587 * g + 0.114 * b < 128) dark++;
    if (r > 150 && g < 90 && b < 90) red++;
  }
  return { width: img.width, height: img.height, dark, red };
}

describe(renderBriefingPdf.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-pdf-'));
  const file = join(dir, 'sample.pdf');
  let pdf: Buffer;
  let pages = 0;
  let pageTexts: string[] = [];

  beforeAll(async () => {
    if (noFont) return;
    pdf = await renderBriefingPdf(sampleBriefing());
    writeFileSync(file, pdf);
    if (noTools) return;
    pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', file))![1]);
    pageTexts = Array.from({ length: pages }, (_, i) =>
      run('pdftotext', '-f', String(i + 1), '-l', String(i + 1), file, '-'),
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(noFont)('writes A4 pages (595.28 × 841.89 pt)', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const boxes = pdf.toString('latin1').match(/\/MediaBox \[[^\]]+\]/g) ?? [];
    expect(boxes.length).toBeGreaterThan(1);
    for (const box of boxes) expect(box).toBe('/MediaBox [0 0 595.28 841.89]');
  });

  it.skipIf(noFont)('renders a whole city (15 districts, 208 townships, 40 departments) under 2 MB', async () => {
    const city = cityScaleBriefing();
    const t0 = performance.now();
    const first = await renderBriefingPdf(city);
    const t1 = performance.now();
    const again = await renderBriefingPdf(city);
    const t2 = performance.now();
    console.warn(
      `city briefing PDF: ${(first.length / 1024).toFixed(0)} KB; ${(t1 - t0).toFixed(0)} ms, ` +
        `${(t2 - t1).toFixed(0)} ms with the font already loaded`,
    );
    expect(first.length).toBeLessThan(2_000_000);
    expect(again.length).toBe(first.length);
    expect(t2 - t1).toBeLessThan(10_000);
  });

  it.skipIf(noTools)('embeds a subset of a CJK font (pdffonts: CID, emb yes)', () => {
    const lines = run('pdffonts', file).trim().split('\n').slice(2);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      // name  type  encoding  emb sub uni  object ID
      const m = /^(\S+)\s+(.+?)\s+(Identity-H|\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$/.exec(line);
      expect(m, line).not.toBeNull();
      expect(m![4], `${m![1]} embedded`).toBe('yes');
      expect(m![5], `${m![1]} subset`).toBe('yes');
    }
    expect(lines.some((l) => /CID/.test(l))).toBe(true);
    if (font?.path === NOTO) expect(lines[0]).toMatch(/^[A-Z]{6}\+NotoSansCJKsc-Regular\s+CID Type 0C/);
  });

  it.skipIf(noTools)('reads as Chinese: headline figures with their counts, groups, cards, page numbers', () => {
    const text = pageTexts.join('\n');
    for (const s of [
      '郑州市2026年11月网格化管理工作通报',
      '（2026年11月1日—11月30日）',
      '校验码 3fa9c2e01b7d',
      '结案率 93.72%（911/972）',
      '75.82%（737/972）',
      '按期结案率',
      '办结率（进度）',
      '城区组',
      '县（市）组',
      '开发区组',
      '街道组',
      '乡镇组',
      '红牌',
      '黄牌',
      '末位',
      '样本不足',
      '一次办结率',
      '超期积压情况',
      'ZZ2026001001',
    ]) {
      expect(text, s).toContain(s);
    }
    // pdftotext drops the narrow spaces of "第 1 页 / 共 7 页" between CJK glyphs.
    pageTexts.forEach((t, i) => expect(t).toMatch(new RegExp(`第\\s*${i + 1}\\s*页\\s*/\\s*共\\s*${pages}\\s*页`)));
  });

  it.skipIf(noTools)('repeats the header row where a table carries on to the next page', () => {
    const continued = pageTexts.filter((t) => t.includes('（续）'));
    expect(continued.length).toBeGreaterThan(0);
    for (const t of continued) expect(t).toMatch(/名次|序号/);
  });

  it.skipIf(noTools)('keeps long unit names inside their cell', () => {
    const page = pageTexts.findIndex((t) => t.includes('开发区组')) + 1;
    const html = run('pdftotext', '-f', String(page), '-l', String(page), '-bbox', file, '-');
    const word = /<word xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>郑州航空港经济综合实验区<\/word>/.exec(html);
    expect(word, 'the name as one word in its cell').not.toBeNull();
    // 单位 spans 86–186 pt (left margin 50, 名次 36, 单位 100).
    expect(Number(word![1])).toBeGreaterThanOrEqual(86);
    expect(Number(word![2])).toBeLessThanOrEqual(186);
  });

  it.skipIf(noTools)('draws page 1 as an A4 page with ink and a red title', () => {
    const png = execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file]);
    const { width, height, dark, red } = inkOf(png);
    expect(width / height).toBeCloseTo(210 / 297, 2);
    const share = dark / (width * height);
    expect(share).toBeGreaterThan(0.01);
    expect(share).toBeLessThan(0.3);
    expect(red).toBeGreaterThan(200);
  });

  it.skipIf(noTools)('writes pages 1 and 2 at 100 dpi for review (test-results/screenshots)', () => {
    const out = process.env.SCREENSHOTS_DIR ?? resolve(__dirname, '../../../../test-results/screenshots');
    mkdirSync(out, { recursive: true });
    for (const n of [1, 2]) {
      const png = execFileSync('pdftoppm', ['-png', '-r', '100', '-f', String(n), '-l', String(n), file]);
      writeFileSync(join(out, `briefing-page-${n}.png`), png);
      expect(inkOf(png).dark).toBeGreaterThan(1000);
    }
  });

  it.skipIf(noTools || !existsSync(NOTO))('uses another face of the collection when asked', async () => {
    const tc = join(dir, 'tc.pdf');
    writeFileSync(
      tc,
      await renderBriefingPdf(sampleBriefing(), { fontPath: NOTO, fontFamily: 'NotoSansCJKtc-Regular' }),
    );
    expect(run('pdffonts', tc)).toMatch(/\+NotoSansCJKtc-Regular\s+CID Type 0C/);
  });
});

describe(findCjkFont.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-font-'));
  const fake = join(dir, 'font.ttf');
  writeFileSync(fake, 'not really a font');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes BRIEFING_FONT first, with BRIEFING_FONT_FAMILY for the face', () => {
    expect(findCjkFont({ BRIEFING_FONT: fake })).toEqual({ path: fake });
    expect(findCjkFont({ BRIEFING_FONT: fake, BRIEFING_FONT_FAMILY: 'SomeFace-Regular' })).toEqual({
      path: fake,
      family: 'SomeFace-Regular',
    });
  });

  it('gives null for a BRIEFING_FONT that names no file, rather than another font', () => {
    expect(findCjkFont({ BRIEFING_FONT: join(dir, 'missing.ttc') })).toBeNull();
    expect(findCjkFont({ BRIEFING_FONT: dir })).toBeNull();
  });

  it('else takes the first system location that exists', () => {
    const candidates = [{ path: join(dir, 'nope.ttc'), family: 'X' }, { path: fake }];
    expect(findCjkFont({}, candidates)).toEqual({ path: fake });
    expect(findCjkFont({}, [])).toBeNull();
  });

  it('knows the Debian fonts-noto-cjk collection and its Simplified Chinese face', () => {
    expect(CJK_FONT_CANDIDATES[0]).toEqual({ path: NOTO, family: 'NotoSansCJKsc-Regular' });
    const paths = CJK_FONT_CANDIDATES.map((c) => c.path);
    expect(paths).toContain('/usr/share/fonts/noto/NotoSansCJK-Regular.ttc');
    expect(paths).toContain('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc');
    expect(paths.some((p) => p.includes('arphic'))).toBe(true);
    if (existsSync(NOTO)) expect(findCjkFont({})).toEqual({ path: NOTO, family: 'NotoSansCJKsc-Regular' });
  });
});

describe(BriefingFontMissingError.name, () => {
  afterAll(() => vi.unstubAllEnvs());

  it('is thrown when BRIEFING_FONT names no file, naming the setting and the package', async () => {
    vi.stubEnv('BRIEFING_FONT', '/nonexistent/font.ttc');
    const err = await renderBriefingPdf(sampleBriefing()).catch((e: unknown) => e);
    vi.unstubAllEnvs();
    expect(err).toBeInstanceOf(BriefingFontMissingError);
    expect((err as Error).message).toContain('BRIEFING_FONT=/nonexistent/font.ttc');
    expect((err as Error).message).toContain('fonts-noto-cjk');
  });

  it('is thrown for a font path that does not exist', async () => {
    await expect(renderBriefingPdf(sampleBriefing(), { fontPath: '/nonexistent/x.otf' })).rejects.toThrow(
      BriefingFontMissingError,
    );
  });

  it('is thrown for a file that is no font', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-font-'));
    const fake = join(dir, 'font.ttf');
    writeFileSync(fake, readFileSync(__filename));
    try {
      await expect(renderBriefingPdf(sampleBriefing(), { fontPath: fake })).rejects.toThrow(/cannot be read as a font/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const dejavu = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
  it.skipIf(!existsSync(dejavu))('is thrown for a font without Chinese glyphs (DejaVu Sans)', async () => {
    await expect(renderBriefingPdf(sampleBriefing(), { fontPath: dejavu })).rejects.toThrow(/no Chinese glyphs/);
  });

  it.skipIf(!existsSync(NOTO))('is thrown for a face the collection does not have, listing its faces', async () => {
    await expect(renderBriefingPdf(sampleBriefing(), { fontPath: NOTO, fontFamily: 'Nope-Regular' })).rejects.toThrow(
      /no face Nope-Regular \(faces: .*NotoSansCJKsc-Regular/,
    );
  });
});
