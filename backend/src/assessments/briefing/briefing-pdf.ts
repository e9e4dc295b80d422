/**
 * The briefing (通报) as a printable A4 PDF in Chinese, laid out like a government briefing:
 * red title, period and issue line, 一、总体情况 (headline figures with numerator/denominator),
 * 二、分类别情况, one section per ranking tier (group by group, cards in colour), the overdue
 * backlog, and "第 n 页 / 共 m 页" on every page. One CJK face is embedded as a subset (pdfkit
 * through fontkit), so the file stays small and prints the same everywhere.
 */
import { CATEGORY_ZH, type BriefingData, type BriefingTier, type MetricSet, type RankingRow } from '@gridwall/shared';
import PDFDocument from 'pdfkit';
import { BriefingFontMissingError, findCjkFont, loadCjkFont } from './briefing-font';
import {
  areaPathLabel,
  briefingTitle,
  categoryName,
  changeLabel,
  chineseOrdinal,
  dateZh,
  flagsLabel,
  fraction,
  handlerLabel,
  headlineFigures,
  issueLine,
  localRateLabel,
  overdueHoursLabel,
  pct,
  periodDatesZh,
  rankLabel,
  rankingNote,
  rankingSections,
  reissueLine,
  rowFlags,
  scopeShortName,
  scoreLabel,
  shortDateTimeZh,
  tierName,
} from './briefing-format';

export { BriefingFontMissingError, CJK_FONT_CANDIDATES, findCjkFont, type CjkFont } from './briefing-font';

/** Options of `renderBriefingPdf`. */
export interface BriefingPdfOptions {
  /** A TTF/OTF/TTC file with Chinese glyphs (default: `findCjkFont()`). */
  fontPath?: string;
  /** The face inside a .ttc (default: `BRIEFING_FONT_FAMILY` or the Simplified Chinese face). */
  fontFamily?: string;
}

type Doc = PDFKit.PDFDocument;
type Align = 'left' | 'center' | 'right';

const FONT = 'cjk';
/** A4 in points. */
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 58, bottom: 58, left: 50, right: 50 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
/** Content may not go below this line (the footer lives under it). */
const BOTTOM = PAGE.height - MARGIN.bottom;

const INK = '#1a1a1a';
const MUTED = '#666666';
const RED = '#c00000';
const AMBER = '#b26b00';
const RULE = '#8c8c8c';
const HEADER_FILL = '#e7ecf3';
const TOTAL_FILL = '#f7f7f7';

const BODY = 10.5;
const CELL = 8.5;
const CELL_MIN = 7;
const HEAD_CELL = 7.5;
const PAD_X = 3;
const PAD_Y = 3.5;

/**
 * Renders the briefing as an A4 PDF. Throws BriefingFontMissingError when no CJK font is
 * configured or installed (see `findCjkFont`).
 */
export async function renderBriefingPdf(data: BriefingData, opts: BriefingPdfOptions = {}): Promise<Buffer> {
  const source = opts.fontPath
    ? { path: opts.fontPath, family: opts.fontFamily ?? process.env.BRIEFING_FONT_FAMILY?.trim() }
    : findCjkFont();
  if (!source) {
    const configured = process.env.BRIEFING_FONT?.trim();
    throw new BriefingFontMissingError(configured ? `BRIEFING_FONT=${configured} does not exist` : undefined);
  }
  const font = loadCjkFont(source);

  const issued = Date.parse(data.assessment.issuedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: briefingTitle(data),
      Subject: issueLine(data),
      Author: `${data.scope.name}网格化管理`,
      Creator: 'gridwall',
      ...(Number.isFinite(issued) ? { CreationDate: new Date(issued) } : {}),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  // pdfkit ≥ 0.20 takes a fontkit face in place of a file (its types still say file or bytes).
  doc.registerFont(FONT, font.face as unknown as PDFKit.Mixins.PDFFontSource);
  doc.font(FONT);
  new BriefingWriter(doc, data).write();
  doc.end();
  return done;
}

/** A table column: heading, width in points, alignment of its cells. */
interface Column {
  /** The heading; "\n" marks where it breaks. */
  header: string;
  width: number;
  align?: Align;
  /** Long text wraps at the table's size instead of shrinking to one line first. */
  wrap?: boolean;
}

/** One text line of a cell. */
interface Line {
  text: string;
  color?: string;
  bold?: boolean;
}

/** A table cell: its main text (shrunk, then wrapped to fit), an optional small line under it, or stacked lines. */
interface Cell {
  text: string;
  color?: string;
  bold?: boolean;
  /** A small grey line under the text ("911/972"). */
  sub?: string;
  /** Stacked lines instead of `text` (cards: 红牌 / 末位). */
  lines?: Line[];
}

interface TableRow {
  cells: (string | Cell)[];
  fill?: string;
}

/** A cell laid out: its lines at their font size (`single`: fits on one line, drawn unwrapped). */
interface Laid {
  lines: { text: string; size: number; color: string; bold: boolean; height: number; single: boolean }[];
  height: number;
}

/** Lays the briefing out on the document, page by page. */
class BriefingWriter {
  private section = 0;

  constructor(
    private readonly doc: Doc,
    private readonly data: BriefingData,
  ) {
    // A new page starts with the default graphics state (pdfkit adds pages itself for long paragraphs).
    doc.on('pageAdded', () => (this.fillInForce = null));
  }

  write(): void {
    this.titleBlock();
    this.overview();
    this.categories();
    for (const tier of this.data.tiers) this.tier(tier);
    this.backlog();
    this.signOff();
    this.pageFurniture();
  }

  // ---- text primitives -------------------------------------------------------------------

  /** Draws text; `bold` strokes the outline too (faux bold: one face embedded, not two). */
  private text(
    s: string,
    x: number,
    y: number,
    o: {
      size: number;
      color?: string;
      bold?: boolean;
      width?: number;
      align?: Align;
      lineGap?: number;
      /** `y` is the baseline instead of the top of the line. */
      baseline?: boolean;
    },
  ): void {
    const doc = this.doc;
    // Callers place every line themselves: drawing must not move the flow position.
    const flowY = doc.y;
    doc.font(FONT).fontSize(o.size);
    this.fill(o.color ?? INK);
    if (o.bold) doc.strokeColor(o.color ?? INK).lineWidth(o.size * 0.035);
    doc.text(s, x, y, {
      width: o.width,
      align: o.align ?? 'left',
      lineBreak: o.width !== undefined,
      lineGap: o.lineGap ?? 0,
      fill: true,
      stroke: !!o.bold,
      ...(o.baseline ? { baseline: 'alphabetic' as const } : {}),
    });
    doc.y = flowY;
  }

  /** The fill colour in force on this page (null: not set since the page began). */
  private fillInForce: string | null = null;

  /** Sets the fill colour unless it is already in force (a table sets it thousands of times). */
  private fill(color: string): void {
    if (this.fillInForce === color) return;
    this.doc.fillColor(color);
    this.fillInForce = color;
  }

  /** Strokes line segments with one path: cheaper than a rectangle per cell. */
  private rules(segments: [number, number, number, number][]): void {
    if (segments.length === 0) return;
    const doc = this.doc;
    doc.lineWidth(0.5).strokeColor(RULE);
    for (const [x1, y1, x2, y2] of segments) doc.moveTo(x1, y1).lineTo(x2, y2);
    doc.stroke();
  }

  /** Widths at 1 pt (a width scales with the size): tables measure the same strings often. */
  private readonly unitWidths = new Map<string, number>();
  private readonly lineHeights = new Map<number, number>();

  private width(s: string, size: number): number {
    let w = this.unitWidths.get(s);
    if (w === undefined) {
      w = this.doc.font(FONT).fontSize(1).widthOfString(s);
      this.unitWidths.set(s, w);
    }
    return w * size;
  }

  /** The height of one line of text at `size`. */
  private lineHeight(size: number): number {
    let h = this.lineHeights.get(size);
    if (h === undefined) {
      h = this.doc.font(FONT).fontSize(size).heightOfString('国', { width: 1000 });
      this.lineHeights.set(size, h);
    }
    return h;
  }

  private height(s: string, size: number, width: number, lineGap = 0): number {
    return this.doc.font(FONT).fontSize(size).heightOfString(s, { width, lineGap });
  }

  private get y(): number {
    return this.doc.y;
  }

  private set y(v: number) {
    this.doc.y = v;
  }

  /** Starts a new page when fewer than `h` points are left on this one. */
  private ensure(h: number): void {
    if (this.y + h > BOTTOM) {
      this.doc.addPage();
      this.y = MARGIN.top;
    }
  }

  /** A paragraph of body text with a two-character first-line indent. */
  private paragraph(s: string, o: { size?: number; color?: string; indent?: boolean } = {}): void {
    const size = o.size ?? BODY;
    const doc = this.doc;
    this.ensure(size * 2);
    doc.font(FONT).fontSize(size);
    this.fill(o.color ?? INK);
    doc.text(s, MARGIN.left, this.y, {
      width: CONTENT_WIDTH,
      indent: o.indent === false ? 0 : size * 2,
      lineGap: size * 0.45,
      paragraphGap: size * 0.4,
    });
  }

  /** 一、… headings (level 1) and （一）… headings (level 2), kept with what follows. */
  private heading(s: string, level: 1 | 2, keep = 90): void {
    const size = level === 1 ? 13.5 : 11.5;
    this.y += level === 1 ? 10 : 6;
    this.ensure(size * 1.6 + keep);
    this.text(s, MARGIN.left, this.y, { size, bold: true, color: INK });
    this.y += size * 1.45 + (level === 1 ? 5 : 3);
    if (level === 1) this.doc.outline.addItem(s);
  }

  // ---- tables ----------------------------------------------------------------------------

  /** Lays out one line of text: unwrapped when it fits `inner`, else wrapped to it. */
  private line(text: string, size: number, inner: number, color: string, bold: boolean): Laid['lines'][number] {
    const single = !text.includes('\n') && this.width(text, size) <= inner;
    const height = single ? this.lineHeight(size) : this.height(text, size, inner);
    return { text, size, color, bold, height, single };
  }

  /**
   * Lays a cell out in `inner` points of width: on one line, shrunk down to CELL_MIN when it
   * must be (unit names), else wrapped; `wrap` columns wrap at `size` without shrinking.
   */
  private layCell(cell: string | Cell, inner: number, size: number, wrap = false): Laid {
    const c: Cell = typeof cell === 'string' ? { text: cell } : cell;
    const lines: Laid['lines'] = [];
    if (c.lines) {
      for (const l of c.lines) lines.push(this.line(l.text, size, inner, l.color ?? INK, !!l.bold));
    } else {
      let s = size;
      if (!wrap) while (s > CELL_MIN && this.width(c.text, s) > inner) s = Math.max(CELL_MIN, s - 0.25);
      lines.push(this.line(c.text, s, inner, c.color ?? INK, !!c.bold));
      if (c.sub) lines.push(this.line(c.sub, Math.min(6.5, s), inner, MUTED, false));
    }
    return { lines, height: lines.reduce((a, l) => a + l.height, 0) };
  }

  private drawCell(laid: Laid, x: number, y: number, w: number, h: number, align: Align): void {
    const inner = w - 2 * PAD_X;
    let ty = y + (h - laid.height) / 2;
    for (const l of laid.lines) {
      if (l.single) {
        // One line: place it by hand (pdfkit's line wrapper is the slow part of a table).
        const lw = this.width(l.text, l.size);
        const dx = align === 'left' ? 0 : align === 'right' ? inner - lw : (inner - lw) / 2;
        this.text(l.text, x + PAD_X + dx, ty, { size: l.size, color: l.color, bold: l.bold });
      } else {
        this.text(l.text, x + PAD_X, ty, { size: l.size, color: l.color, bold: l.bold, width: inner, align });
      }
      ty += l.height;
    }
  }

  private headerCell(c: Column): Laid {
    const l = this.line(c.header, HEAD_CELL, c.width - 2 * PAD_X, INK, true);
    return { lines: [l], height: l.height };
  }

  private headerHeight(columns: Column[]): number {
    return Math.max(...columns.map((c) => this.headerCell(c).height)) + 2 * PAD_Y;
  }

  /** Draws the header row; returns its top (where the table's vertical rules start on this page). */
  private drawHeader(columns: Column[]): number {
    const h = this.headerHeight(columns);
    let x = MARGIN.left;
    const y = this.y;
    this.fill(HEADER_FILL);
    this.doc.rect(MARGIN.left, y, CONTENT_WIDTH, h).fill();
    for (const c of columns) {
      // Headings wrap rather than shrink: the header row has the height to.
      this.drawCell(this.headerCell(c), x, y, c.width, h, 'center');
      x += c.width;
    }
    this.rules([
      [MARGIN.left, y, MARGIN.left + CONTENT_WIDTH, y],
      [MARGIN.left, y + h, MARGIN.left + CONTENT_WIDTH, y + h],
    ]);
    this.y = y + h;
    return y;
  }

  /**
   * Draws a table; it breaks across pages, repeating the header row (and the caption, marked
   * （续）) on each new page.
   */
  private table(columns: Column[], rows: TableRow[], o: { caption?: string; size?: number } = {}): void {
    const doc = this.doc;
    const caption = o.caption;
    const total = columns.reduce((a, c) => a + c.width, 0);
    // Columns are given in proportion; scale them to the content width.
    const cols = columns.map((c) => ({ ...c, width: (c.width * CONTENT_WIDTH) / total }));
    const laidRows = rows.map((r) => {
      const laid = r.cells.map((cell, i) =>
        this.layCell(cell, cols[i].width - 2 * PAD_X, o.size ?? CELL, cols[i].wrap),
      );
      return { row: r, laid, height: Math.max(...laid.map((l) => l.height)) + 2 * PAD_Y };
    });
    const headerH = this.headerHeight(cols);
    // Column boundaries, for the vertical rules of each page's part of the table.
    const xs = cols.reduce((acc, c) => [...acc, acc[acc.length - 1] + c.width], [MARGIN.left]);
    let ruled: [number, number, number, number][] = [];
    let top = 0;
    const closePart = () => {
      this.rules([...ruled, ...xs.map((x): [number, number, number, number] => [x, top, x, this.y])]);
      ruled = [];
    };
    this.ensure(headerH + (laidRows[0]?.height ?? 0));
    top = this.drawHeader(cols);
    for (const { row, laid, height } of laidRows) {
      if (this.y + height > BOTTOM) {
        closePart();
        doc.addPage();
        this.y = MARGIN.top;
        if (caption) {
          this.text(`${caption}（续）`, MARGIN.left, this.y, { size: 8.5, color: MUTED });
          this.y += 14;
        }
        top = this.drawHeader(cols);
      }
      const y = this.y;
      if (row.fill) {
        this.fill(row.fill);
        doc.rect(MARGIN.left, y, CONTENT_WIDTH, height).fill();
      }
      cols.forEach((c, i) => this.drawCell(laid[i], xs[i], y, c.width, height, c.align ?? 'left'));
      this.y = y + height;
      ruled.push([MARGIN.left, this.y, MARGIN.left + CONTENT_WIDTH, this.y]);
    }
    closePart();
    this.y += 8;
  }

  // ---- the briefing ----------------------------------------------------------------------

  private nextSection(title: string): void {
    this.section += 1;
    this.heading(`${chineseOrdinal(this.section)}、${title}`, 1);
  }

  private titleBlock(): void {
    const data = this.data;
    const title = briefingTitle(data);
    let size = 21;
    while (size > 14 && this.width(title, size) > CONTENT_WIDTH) size -= 0.5;
    this.text(title, MARGIN.left, MARGIN.top + 4, {
      size,
      bold: true,
      color: RED,
      width: CONTENT_WIDTH,
      align: 'center',
    });
    this.y = MARGIN.top + 4 + size * 1.6;
    this.text(`（${periodDatesZh(data)}）`, MARGIN.left, this.y, { size: 11, width: CONTENT_WIDTH, align: 'center' });
    this.y += 19;
    this.text(issueLine(data), MARGIN.left, this.y, { size: 8.5, color: MUTED, width: CONTENT_WIDTH, align: 'center' });
    this.y += 14;
    const reissue = reissueLine(data);
    if (reissue) {
      this.text(reissue, MARGIN.left, this.y, { size: 8.5, color: RED, width: CONTENT_WIDTH, align: 'center' });
      this.y += this.height(reissue, 8.5, CONTENT_WIDTH) + 2;
    }
    // The red double rule under a government heading.
    const doc = this.doc;
    this.y += 4;
    doc
      .lineWidth(1.6)
      .strokeColor(RED)
      .moveTo(MARGIN.left, this.y)
      .lineTo(PAGE.width - MARGIN.right, this.y)
      .stroke();
    doc
      .lineWidth(0.5)
      .moveTo(MARGIN.left, this.y + 3)
      .lineTo(PAGE.width - MARGIN.right, this.y + 3)
      .stroke();
    this.y += 12;
  }

  private overview(): void {
    const s = this.data.stats;
    this.nextSection('总体情况');
    this.paragraph(
      `本期${scopeShortName(this.data)}共立案 ${s.accepted} 件，应结案 ${s.due} 件，结案 ${s.resolved} 件，` +
        `结案率 ${pct(s.closeRate)}（${fraction(s.closeRate)}），按期结案率 ${pct(s.onTimeRate)}（${fraction(s.onTimeRate)}）；` +
        `满意率 ${pct(s.satisfactionRate)}，返工率 ${pct(s.reworkRate)}，延期率 ${pct(s.extendedRate)}。` +
        `期末在办 ${s.openNow} 件，其中超期 ${s.overdueNow} 件。`,
    );
    this.figureGrid(s);
  }

  /** The headline figures in boxes, three a row: label, value, numerator/denominator. */
  private figureGrid(m: MetricSet): void {
    const doc = this.doc;
    const figures = headlineFigures(m);
    const perRow = 3;
    const gap = 8;
    const w = (CONTENT_WIDTH - gap * (perRow - 1)) / perRow;
    const h = 44;
    const rowsNeeded = Math.ceil(figures.length / perRow);
    this.ensure(rowsNeeded * (h + gap));
    const top = this.y + 2;
    figures.forEach((f, i) => {
      const x = MARGIN.left + (i % perRow) * (w + gap);
      const y = top + Math.floor(i / perRow) * (h + gap);
      this.fill('#f6f8fb');
      doc.lineWidth(0.6).strokeColor('#cfd6e0').rect(x, y, w, h).fillAndStroke();
      this.text(f.label, x + 8, y + 6, { size: 8.5, color: MUTED });
      const value = f.kind === 'count' ? String(f.count) : pct(f.rate);
      const tail = f.kind === 'count' ? ' 件' : `（${fraction(f.rate)}）`;
      const valueSize = 15;
      // The small tail sits on the value's baseline.
      const baseline = y + 36;
      this.text(value, x + 8, baseline, { size: valueSize, bold: true, baseline: true });
      const vw = this.width(value, valueSize);
      this.text(tail, x + 8 + vw + 2, baseline, { size: 8.5, color: MUTED, baseline: true });
    });
    this.y = top + rowsNeeded * (h + gap) + 2;
  }

  private categories(): void {
    this.nextSection('分类别情况');
    const columns: Column[] = [
      { header: '类别', width: 62, align: 'left' },
      ...headlineFigures(this.data.stats).map((f) => ({
        header: f.label.replace('（', '\n（'),
        width: f.kind === 'count' ? 34 : f.label.length > 5 ? 52 : 46,
        align: 'right' as const,
      })),
    ];
    const row = (label: string, m: MetricSet, fill?: string): TableRow => ({
      fill,
      cells: [
        { text: label, bold: !!fill },
        ...headlineFigures(m).map((f): Cell =>
          f.kind === 'count' ? { text: String(f.count) } : { text: pct(f.rate), sub: fraction(f.rate) },
        ),
      ],
    });
    this.table(
      columns,
      [...this.data.categories.map((c) => row(categoryName(c), c)), row('合计', this.data.stats, TOTAL_FILL)],
      { caption: '分类别情况' },
    );
  }

  private tier(t: BriefingTier): void {
    const name = tierName(t.tier);
    this.nextSection(`${name}考核排名`);
    const sections = rankingSections(t.ranking);
    this.paragraph(this.tierSummary(t));
    // Departments need a wider column for 一次办结率（1−返工率）.
    const department = t.tier === 'department';
    const columns: Column[] = [
      { header: '名次', width: 36, align: 'center' },
      { header: '单位', width: department ? 92 : 100 },
      { header: '得分', width: 36, align: 'right' },
      { header: '结案率', width: 40, align: 'right' },
      { header: '按期\n结案率', width: 40, align: 'right' },
      {
        header: department ? localRateLabel(t.tier).replace('（', '\n（') : '属地\n化解率',
        width: department ? 52 : 44,
        align: 'right',
      },
      { header: '满意率', width: 40, align: 'right' },
      { header: '立案', width: 28, align: 'right' },
      { header: '应结案', width: 30, align: 'right' },
      { header: '超期', width: 28, align: 'right' },
      { header: '红黄牌/\n末位', width: 40, align: 'center' },
      { header: '较上期', width: 33, align: 'center' },
    ];
    sections.forEach((section, i) => {
      if (section.name) this.heading(`（${chineseOrdinal(i + 1)}）${section.name}`, 2);
      const caption = section.name ? `${name}考核排名 · ${section.name}` : `${name}考核排名`;
      this.table(
        columns,
        section.rows.map((r) => this.rankingRow(r)),
        { caption },
      );
    });
    this.paragraph(rankingNote(t.tier), { size: 8, color: MUTED, indent: false });
  }

  private rankingRow(r: RankingRow): TableRow {
    const flags = rowFlags(r);
    const color = flags.includes('red') ? RED : flags.includes('yellow') ? AMBER : INK;
    const lines: Line[] = flags.map((f) => ({
      text: f === 'red' ? '红牌' : f === 'yellow' ? '黄牌' : '末位',
      color: f === 'red' ? RED : f === 'yellow' ? AMBER : INK,
      bold: true,
    }));
    return {
      cells: [
        r.rank === null ? { text: rankLabel(r), color: MUTED } : rankLabel(r),
        r.name,
        { text: scoreLabel(r.score), color },
        pct(r.closeRate),
        pct(r.onTimeRate),
        pct(r.localRate),
        pct(r.satisfactionRate),
        String(r.accepted),
        String(r.due),
        String(r.overdueNow),
        lines.length ? { text: flagsLabel(r), lines } : '',
        r.rank === null ? '—' : changeLabel(r.change),
      ],
    };
  }

  /** "城区组：金水区、中原区、二七区位列前三，惠济区末位。红牌 1 个（…），黄牌 3 个（…）。" */
  private tierSummary(t: BriefingTier): string {
    const parts: string[] = [];
    for (const s of rankingSections(t.ranking)) {
      const ranked = s.rows.filter((r) => r.rank !== null);
      if (ranked.length === 0) continue;
      const top = ranked.filter((r) => r.rank! <= 3).map((r) => r.name);
      const last = ranked.filter((r) => r.flags.includes('last')).map((r) => r.name);
      const places = Math.max(...ranked.filter((r) => r.rank! <= 3).map((r) => r.rank!));
      const lead = top.length ? `${top.join('、')}位列${places === 1 ? '第一' : `前${chineseOrdinal(places)}`}` : '';
      const tail = last.length ? `${last.join('、')}末位` : '';
      parts.push(`${s.name ? `${s.name}：` : ''}${[lead, tail].filter(Boolean).join('，')}`);
    }
    const named = (flag: 'red' | 'yellow', label: string) => {
      const rows = t.ranking.rows.filter((r) => rowFlags(r).includes(flag));
      if (rows.length === 0) return `${label} 0 个`;
      const names = rows.map((r) => r.name);
      return names.length <= 6 ? `${label} ${names.length} 个（${names.join('、')}）` : `${label} ${names.length} 个`;
    };
    const unranked = t.ranking.rows.filter((r) => r.rank === null).length;
    const cards = `${named('red', '红牌')}，${named('yellow', '黄牌')}`;
    return (
      `${parts.join('；')}${parts.length ? '。' : ''}${cards}` +
      `${unranked ? `；${unranked} 个单位因应结案数不足（样本不足）未参与排名` : ''}。`
    );
  }

  private backlog(): void {
    const data = this.data;
    this.nextSection('超期积压情况');
    const overdueUnits = data.backlog.filter((b) => b.overdueNow > 0).length;
    this.paragraph(
      `截至期末，${scopeShortName(data)}超期未办结案件 ${data.overdue.totalRed} 件，涉及责任单位 ${overdueUnits} 个。` +
        '请各责任单位对照清单逐件落实，限期办结。',
    );
    if (data.backlog.length) {
      this.heading('（一）责任单位积压', 2);
      this.table(
        [
          { header: '序号', width: 36, align: 'center' },
          { header: '责任单位', width: 250 },
          { header: '在办', width: 70, align: 'right' },
          { header: '超期', width: 70, align: 'right' },
          { header: '超期占比', width: 70, align: 'right' },
        ],
        data.backlog.map((b, i) => ({
          cells: [
            String(i + 1),
            b.name,
            String(b.openNow),
            { text: String(b.overdueNow), color: b.overdueNow > 0 ? RED : INK },
            pct({
              value: b.openNow ? b.overdueNow / b.openNow : null,
              numerator: b.overdueNow,
              denominator: b.openNow,
            }),
          ],
        })),
        { caption: '责任单位积压' },
      );
    }
    if (data.overdue.items.length) {
      this.heading(`（${data.backlog.length ? '二' : '一'}）超期最久的案件（前 ${data.overdue.items.length} 件）`, 2);
      this.table(
        [
          { header: '序号', width: 24, align: 'center' },
          { header: '案件编号', width: 62 },
          { header: '标题', width: 112, wrap: true },
          { header: '类别', width: 44, wrap: true },
          { header: '区域', width: 92, wrap: true },
          { header: '承办单位', width: 62, wrap: true },
          { header: '处置期限', width: 55, align: 'center' },
          { header: '超期\n（小时）', width: 44, align: 'right' },
        ],
        data.overdue.items.map((item, i) => ({
          cells: [
            String(i + 1),
            item.caseId,
            item.title,
            CATEGORY_ZH[item.category] ?? item.category,
            areaPathLabel(item),
            handlerLabel(item),
            shortDateTimeZh(item.deadline),
            { text: overdueHoursLabel(item.overdueHours), color: RED },
          ],
        })),
        { caption: '超期最久的案件', size: 7.5 },
      );
    }
  }

  private signOff(): void {
    const data = this.data;
    this.ensure(60);
    this.y += 16;
    const right = { size: BODY, width: CONTENT_WIDTH - 24, align: 'right' as const };
    this.text(`${data.scope.name}网格化管理联席会议办公室`, MARGIN.left, this.y, right);
    this.y += BODY * 1.8;
    this.text(dateZh(data.assessment.issuedAt), MARGIN.left, this.y, right);
    this.y += BODY * 1.8;
  }

  /** Running head (from page 2) and "第 n 页 / 共 m 页" footer on every page. */
  private pageFurniture(): void {
    const doc = this.doc;
    const range = doc.bufferedPageRange();
    const title = briefingTitle(this.data);
    const hash = `校验码 ${this.data.assessment.hash.slice(0, 12)}`;
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // The page's content stream ends in whatever colour its last text used.
      this.fillInForce = null;
      // Writing into the margins must not start new pages.
      const margins = { ...doc.page.margins };
      doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
      if (i > range.start) {
        this.text(title, MARGIN.left, 30, { size: 8, color: MUTED });
        this.text(hash, MARGIN.left, 30, { size: 8, color: MUTED, width: CONTENT_WIDTH, align: 'right' });
        doc
          .lineWidth(0.4)
          .strokeColor('#bfbfbf')
          .moveTo(MARGIN.left, 43)
          .lineTo(PAGE.width - MARGIN.right, 43)
          .stroke();
      }
      const n = i - range.start + 1;
      this.text(`第 ${n} 页 / 共 ${range.count} 页`, MARGIN.left, PAGE.height - 38, {
        size: 9,
        color: MUTED,
        width: CONTENT_WIDTH,
        align: 'center',
      });
      doc.page.margins = margins;
    }
  }
}
