/**
 * The briefing (通报) as a workbook: 总体指标 (headline figures, then per category), one sheet per
 * ranking tier (group by group) and 超期积压 (the backlog by responsible unit, then the worst
 * overdue cases). Rates are numbers with a percent format, so they sort and sum; a rate without
 * a denominator reads "—".
 */
import { CATEGORY_ZH, type BriefingData, type BriefingTier, type MetricSet, type Rate } from '@gridwall/shared';
import { Workbook, type Alignment, type Borders, type Cell, type Fill, type Row, type Worksheet } from 'exceljs';
import {
  areaPathLabel,
  briefingTitle,
  categoryName,
  changeLabel,
  dateTimeCell,
  FIGURES,
  flagsLabel,
  handlerLabel,
  headlineFigures,
  issueLine,
  localRateLabel,
  periodLine,
  rankingNote,
  rankingSections,
  reissueLine,
  rowFlags,
  tierName,
} from './briefing-format';

const PERCENT = '0.00%';
const INTEGER = '#,##0';
const SCORE = '0.00';
const HOURS = '0.0';

const RED = 'FFC00000';
const AMBER = 'FFB26B00';

const THIN: Partial<Borders> = {
  top: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  left: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  right: { style: 'thin', color: { argb: 'FFBFBFBF' } },
};
const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7ECF3' } };
const GROUP_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F3F3' } };
const CENTER: Partial<Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true };

/** A column of a sheet: its heading, width (characters) and how its cells align. */
interface Column {
  header: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}

/** Renders the briefing as an .xlsx workbook. */
export async function renderBriefingXlsx(data: BriefingData): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = `${data.scope.name}网格化管理`;
  wb.title = briefingTitle(data);
  wb.subject = issueLine(data);
  const issued = Date.parse(data.assessment.issuedAt);
  if (Number.isFinite(issued)) wb.created = wb.modified = new Date(issued);

  overviewSheet(wb, data);
  const used = new Set<string>(['总体指标', '超期积压']);
  for (const tier of data.tiers) tierSheet(wb, data, tier, sheetName(tierName(tier.tier), used));
  backlogSheet(wb, data);

  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A sheet name Excel accepts (≤ 31 characters, none of []:*?/\), unique in the workbook. */
function sheetName(name: string, used: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, '－').slice(0, 28);
  let out = base;
  for (let i = 2; used.has(out); i++) out = `${base}（${i}）`;
  used.add(out);
  return out;
}

/**
 * The title rows every sheet starts with (title, issue line, period) spanning `width` columns;
 * returns the next free row number.
 */
function titleRows(ws: Worksheet, data: BriefingData, width: number): number {
  const lines: [string, number, boolean][] = [
    [briefingTitle(data), 15, true],
    [issueLine(data), 10, false],
    [periodLine(data), 10, false],
  ];
  const reissue = reissueLine(data);
  if (reissue) lines.push([reissue, 10, false]);
  lines.forEach(([text, size, bold], i) => {
    const row = ws.getRow(i + 1);
    row.getCell(1).value = text;
    row.getCell(1).font = { size, bold, color: bold ? { argb: RED } : { argb: 'FF595959' } };
    row.getCell(1).alignment = { vertical: 'middle' };
    row.height = bold ? 24 : 16;
    ws.mergeCells(i + 1, 1, i + 1, width);
  });
  return lines.length + 1;
}

/** Sets column widths and writes a header row at `rowNo`. */
function headerRow(ws: Worksheet, rowNo: number, columns: Column[]): Row {
  const row = ws.getRow(rowNo);
  columns.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = THIN;
    cell.alignment = CENTER;
  });
  row.height = columns.some((c) => c.header.length > c.width / 1.6) ? 32 : 20;
  return row;
}

function setWidths(ws: Worksheet, widths: number[]): void {
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
}

/** Freezes the rows above and including `rowNo` (the title and the header). */
function freezeAt(ws: Worksheet, rowNo: number): void {
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: rowNo, topLeftCell: `A${rowNo + 1}`, activeCell: `A${rowNo + 1}` }];
}

/** Writes a rate: the fraction as a number with a percent format, or "—". */
function setRate(cell: Cell, rate: Rate): void {
  if (rate.value === null) {
    cell.value = '—';
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
  } else {
    cell.value = rate.value;
    cell.numFmt = PERCENT;
    cell.alignment = { horizontal: 'right', vertical: 'middle' };
  }
}

function setCount(cell: Cell, n: number, format = INTEGER): void {
  cell.value = n;
  cell.numFmt = format;
  cell.alignment = { horizontal: 'right', vertical: 'middle' };
}

function setText(cell: Cell, text: string, align: 'left' | 'center' | 'right' = 'left'): void {
  cell.value = text;
  cell.alignment = { horizontal: align, vertical: 'middle', wrapText: true };
}

function borderRow(row: Row, width: number): void {
  for (let i = 1; i <= width; i++) row.getCell(i).border = THIN;
}

/** A heading above a table block ("分类别情况"). */
function blockHeading(ws: Worksheet, rowNo: number, text: string, width: number): void {
  const cell = ws.getRow(rowNo).getCell(1);
  cell.value = text;
  cell.font = { bold: true, size: 12 };
  ws.mergeCells(rowNo, 1, rowNo, width);
  ws.getRow(rowNo).height = 20;
}

/** 总体指标: the headline figures with numerator and denominator, then the same per category. */
function overviewSheet(wb: Workbook, data: BriefingData): void {
  const ws = wb.addWorksheet('总体指标');
  const categoryColumns: Column[] = [
    { header: '类别', width: 16 },
    ...FIGURES.map((f) => ({ header: f.label, width: f.kind === 'rate' ? 13 : 10 })),
  ];
  const width = categoryColumns.length;
  setWidths(
    ws,
    categoryColumns.map((c) => c.width),
  );
  let r = titleRows(ws, data, width);

  // Headline block: 指标 | 数值 | 分子 | 分母 | 口径 (口径 spans the remaining columns).
  const headline: Column[] = [
    { header: '指标', width: 16 },
    { header: '数值', width: 10 },
    { header: '分子', width: 10 },
    { header: '分母', width: 10 },
    { header: '口径', width: 30 },
  ];
  headerRow(ws, r, headline);
  ws.mergeCells(r, headline.length, r, width);
  freezeAt(ws, r);
  r++;
  for (const f of headlineFigures(data.stats)) {
    const row = ws.getRow(r);
    setText(row.getCell(1), f.label);
    if (f.kind === 'count') {
      setCount(row.getCell(2), f.count);
      setText(row.getCell(5), '件');
    } else {
      setRate(row.getCell(2), f.rate);
      setCount(row.getCell(3), f.rate.numerator);
      setCount(row.getCell(4), f.rate.denominator);
      setText(row.getCell(5), f.basis);
    }
    borderRow(row, width);
    ws.mergeCells(r, headline.length, r, width);
    r++;
  }

  r++;
  blockHeading(ws, r++, '分类别情况', width);
  headerRow(ws, r++, categoryColumns);
  const categoryRow = (label: string, m: MetricSet, bold: boolean) => {
    const row = ws.getRow(r++);
    setText(row.getCell(1), label);
    headlineFigures(m).forEach((f, i) => {
      const cell = row.getCell(i + 2);
      if (f.kind === 'count') setCount(cell, f.count);
      else setRate(cell, f.rate);
    });
    borderRow(row, width);
    if (bold) row.font = { bold: true };
  };
  for (const c of data.categories) categoryRow(categoryName(c), c, false);
  categoryRow('合计', data.stats, true);

  // The case counts behind every category rate, one line per rate.
  r++;
  blockHeading(ws, r++, '分类别指标分子、分母', width);
  headerRow(ws, r++, [
    { header: '类别', width: 16 },
    { header: '指标', width: 10 },
    { header: '数值', width: 10 },
    { header: '分子', width: 10 },
    { header: '分母', width: 10 },
  ]);
  for (const c of data.categories) {
    for (const f of headlineFigures(c)) {
      if (f.kind !== 'rate') continue;
      const row = ws.getRow(r++);
      setText(row.getCell(1), categoryName(c));
      setText(row.getCell(2), f.label);
      setRate(row.getCell(3), f.rate);
      setCount(row.getCell(4), f.rate.numerator);
      setCount(row.getCell(5), f.rate.denominator);
      borderRow(row, 5);
    }
  }
}

/** One tier's ranking, group by group under heading rows. */
function tierSheet(wb: Workbook, data: BriefingData, tier: BriefingTier, name: string): void {
  const ws = wb.addWorksheet(name);
  const columns: Column[] = [
    { header: '名次', width: 10, align: 'center' },
    { header: '单位', width: 26 },
    { header: '得分', width: 8, align: 'right' },
    { header: '结案率', width: 10 },
    { header: '按期结案率', width: 11 },
    { header: localRateLabel(tier.tier), width: tier.tier === 'department' ? 14 : 11 },
    { header: '满意率', width: 10 },
    { header: '立案', width: 7 },
    { header: '应结案', width: 8 },
    { header: '超期', width: 7 },
    { header: '红黄牌/末位', width: 12, align: 'center' },
    { header: '较上期', width: 8, align: 'center' },
  ];
  setWidths(
    ws,
    columns.map((c) => c.width),
  );
  let r = titleRows(ws, data, columns.length);
  headerRow(ws, r, columns);
  freezeAt(ws, r);
  r++;

  for (const section of rankingSections(tier.ranking)) {
    if (section.name) {
      const row = ws.getRow(r);
      row.getCell(1).value = section.name;
      row.getCell(1).font = { bold: true };
      row.getCell(1).fill = GROUP_FILL;
      row.getCell(1).alignment = { vertical: 'middle' };
      ws.mergeCells(r, 1, r, columns.length);
      row.height = 18;
      r++;
    }
    for (const x of section.rows) {
      const row = ws.getRow(r++);
      if (x.rank === null) setText(row.getCell(1), '样本不足', 'center');
      else setCount(row.getCell(1), x.rank, '0');
      row.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
      setText(row.getCell(2), x.name);
      if (x.score === null) setText(row.getCell(3), '—', 'center');
      else setCount(row.getCell(3), x.score, SCORE);
      setRate(row.getCell(4), x.closeRate);
      setRate(row.getCell(5), x.onTimeRate);
      setRate(row.getCell(6), x.localRate);
      setRate(row.getCell(7), x.satisfactionRate);
      setCount(row.getCell(8), x.accepted);
      setCount(row.getCell(9), x.due);
      setCount(row.getCell(10), x.overdueNow);
      const flags = rowFlags(x);
      setText(row.getCell(11), flagsLabel(x), 'center');
      if (flags.includes('red')) row.getCell(11).font = { bold: true, color: { argb: RED } };
      else if (flags.includes('yellow')) row.getCell(11).font = { bold: true, color: { argb: AMBER } };
      else if (flags.includes('last')) row.getCell(11).font = { bold: true };
      setText(row.getCell(12), x.rank === null ? '—' : changeLabel(x.change), 'center');
      borderRow(row, columns.length);
    }
  }
  r++;
  const note = ws.getRow(r);
  note.getCell(1).value = rankingNote(tier.tier);
  note.getCell(1).font = { size: 9, color: { argb: 'FF7F7F7F' } };
  note.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  ws.mergeCells(r, 1, r, columns.length);
  note.height = 30;
}

/** 超期积压: backlog by responsible unit, then the worst overdue cases. */
function backlogSheet(wb: Workbook, data: BriefingData): void {
  const ws = wb.addWorksheet('超期积压');
  const units: Column[] = [
    { header: '序号', width: 6 },
    { header: '责任单位', width: 26 },
    { header: '单位代码', width: 30 },
    { header: '在办', width: 12 },
    { header: '超期', width: 24 },
  ];
  const cases: Column[] = [
    { header: '序号', width: 6 },
    { header: '案件编号', width: 26 },
    { header: '标题', width: 30 },
    { header: '类别', width: 12 },
    { header: '区域', width: 24 },
    { header: '承办单位', width: 20 },
    { header: '处置期限', width: 17 },
    { header: '超期（小时）', width: 12 },
  ];
  const width = cases.length;
  setWidths(
    ws,
    cases.map((c, i) => Math.max(c.width, units[i]?.width ?? 0)),
  );
  let r = titleRows(ws, data, width);
  headerRow(ws, r, units);
  freezeAt(ws, r);
  r++;
  data.backlog.forEach((b, i) => {
    const row = ws.getRow(r++);
    setCount(row.getCell(1), i + 1, '0');
    setText(row.getCell(2), b.name);
    setText(row.getCell(3), b.code);
    setCount(row.getCell(4), b.openNow);
    setCount(row.getCell(5), b.overdueNow);
    if (b.overdueNow > 0) row.getCell(5).font = { color: { argb: RED } };
    borderRow(row, units.length);
  });

  r++;
  const shown = data.overdue.items.length;
  blockHeading(ws, r++, `超期案件（期末超期共 ${data.overdue.totalRed} 件，列出超期最久的 ${shown} 件）`, width);
  headerRow(ws, r++, cases);
  data.overdue.items.forEach((item, i) => {
    const row = ws.getRow(r++);
    setCount(row.getCell(1), i + 1, '0');
    setText(row.getCell(2), item.caseId);
    setText(row.getCell(3), item.title);
    setText(row.getCell(4), CATEGORY_ZH[item.category] ?? item.category);
    setText(row.getCell(5), areaPathLabel(item));
    setText(row.getCell(6), handlerLabel(item));
    setText(row.getCell(7), dateTimeCell(item.deadline), 'center');
    setCount(row.getCell(8), Math.round(item.overdueHours * 10) / 10, HOURS);
    borderRow(row, width);
  });
}
