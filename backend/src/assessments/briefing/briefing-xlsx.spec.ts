import { Workbook, type Row, type Worksheet } from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderBriefingXlsx } from './briefing-xlsx';
import { cityScaleBriefing, sampleBriefing } from '../../testing/briefing-fixture';

/** The rows of a sheet whose first cell reads `text`. */
function rowsStartingWith(ws: Worksheet, text: string): Row[] {
  const out: Row[] = [];
  ws.eachRow((row) => {
    if (row.getCell(1).value === text) out.push(row);
  });
  return out;
}

function rowOfUnit(ws: Worksheet, name: string): Row {
  let found: Row | undefined;
  ws.eachRow((row) => {
    if (row.getCell(2).value === name) found = row;
  });
  if (!found) throw new Error(`no row for ${name} in ${ws.name}`);
  return found;
}

describe(renderBriefingXlsx.name, () => {
  const wb = new Workbook();
  let size = 0;

  beforeAll(async () => {
    const buf = await renderBriefingXlsx(sampleBriefing());
    size = buf.length;
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  });

  it('has the headline sheet, one sheet per tier and the backlog sheet, in that order', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '总体指标',
      '县（市、区）',
      '乡镇（街道）',
      '职能部门',
      '超期积压',
    ]);
    expect(size).toBeGreaterThan(5_000);
  });

  it('starts every sheet with the title and the issue line, and freezes the header row', () => {
    for (const ws of wb.worksheets) {
      expect(ws.getCell('A1').value).toBe('郑州市2026年11月网格化管理工作通报');
      expect(ws.getCell('A2').value).toBe('发布：2026年12月1日 02:00 · 第1版 · 事件数 18437 · 校验码 3fa9c2e01b7d');
      expect(ws.getCell('A3').value).toBe('统计期间：2026年11月1日—11月30日');
      const view = ws.views[0] as { state: string; ySplit: number };
      expect(view.state).toBe('frozen');
      expect(ws.getRow(view.ySplit).getCell(1).value).toMatch(/^(指标|名次|序号)$/);
    }
  });

  it('gives 结案率 as 911/972 with a percent format, with numerator and denominator beside it', () => {
    const ws = wb.getWorksheet('总体指标')!;
    const [closeRate] = rowsStartingWith(ws, '结案率');
    expect(closeRate.getCell(2).value).toBeCloseTo(911 / 972, 12);
    expect(closeRate.getCell(2).numFmt).toBe('0.00%');
    expect(closeRate.getCell(3).value).toBe(911);
    expect(closeRate.getCell(4).value).toBe(972);
    const [onTime] = rowsStartingWith(ws, '按期结案率');
    expect(onTime.getCell(2).value).toBeCloseTo(737 / 972, 12);
    expect(rowsStartingWith(ws, '立案')[0].getCell(2).value).toBe(996);
    expect(rowsStartingWith(ws, '应结案')[0].getCell(2).value).toBe(972);
    expect(rowsStartingWith(ws, '结案')[0].getCell(2).value).toBe(911);
    const [progress] = rowsStartingWith(ws, '办结率（进度）');
    expect(progress.getCell(2).value).toBeCloseTo(911 / 996, 12);
  });

  it('repeats the figures per category with a 合计 row equal to the headline', () => {
    const ws = wb.getWorksheet('总体指标')!;
    const [city] = rowsStartingWith(ws, '城市管理');
    expect(city.getCell(2).value).toBe(367);
    expect(city.getCell(5).value).toBeCloseTo(345 / 367, 12);
    expect(city.getCell(5).numFmt).toBe('0.00%');
    const [total] = rowsStartingWith(ws, '合计');
    expect([2, 3, 4].map((c) => total.getCell(c).value)).toEqual([996, 972, 911]);
    // And the case counts behind every category rate.
    const detail = rowsStartingWith(ws, '城市管理').find((r) => r.getCell(2).value === '按期结案率')!;
    expect([detail.getCell(4).value, detail.getCell(5).value]).toEqual([281, 367]);
  });

  it('lists each district group under its heading, group by group', () => {
    const ws = wb.getWorksheet('县（市、区）')!;
    const headings: [string, number][] = [];
    ws.eachRow((row, n) => {
      const v = row.getCell(1).value;
      if (typeof v === 'string' && v.endsWith('组')) headings.push([v, n]);
    });
    expect(headings.map(([name]) => name)).toEqual(['城区组', '县（市）组', '开发区组']);
    const [, urban] = headings[0];
    const [, county] = headings[1];
    const jinshui = rowOfUnit(ws, '金水区').number;
    const zhongmu = rowOfUnit(ws, '中牟县').number;
    expect(jinshui).toBeGreaterThan(urban);
    expect(jinshui).toBeLessThan(county);
    expect(zhongmu).toBeGreaterThan(county);
    // The heading spans the table.
    expect(ws.getCell(urban, 12).master.address).toBe(ws.getCell(urban, 1).address);
  });

  it('shows 样本不足 in 名次 with no score and no card', () => {
    const ws = wb.getWorksheet('县（市、区）')!;
    const r = rowOfUnit(ws, '上街区');
    expect(r.getCell(1).value).toBe('样本不足');
    expect(r.getCell(3).value).toBe('—');
    expect(r.getCell(11).value).toBe('');
    expect(r.getCell(12).value).toBe('—');
  });

  it('marks red cards in red and 末位, with the change against the previous period', () => {
    const ws = wb.getWorksheet('县（市、区）')!;
    const r = rowOfUnit(ws, '郑州航空港经济综合实验区');
    expect(r.getCell(1).value).toBe(3);
    expect(r.getCell(11).value).toBe('红牌、末位');
    expect(r.getCell(11).font?.color?.argb).toBe('FFC00000');
    expect(r.getCell(12).value).toBe('↓1');
    expect(rowOfUnit(ws, '金水区').getCell(12).value).toBe('↑2');
    expect(r.getCell(4).value).toBeCloseTo(50 / 63, 12);
    expect(r.getCell(4).numFmt).toBe('0.00%');
  });

  it('labels the department local rate as 一次办结率 and shows a rate without denominator as —', () => {
    const ws = wb.getWorksheet('职能部门')!;
    const header = rowsStartingWith(ws, '名次')[0];
    expect(header.getCell(6).value).toBe('一次办结率（1−返工率）');
    const empty = rowOfUnit(ws, '市人力资源和社会保障局');
    expect(empty.getCell(1).value).toBe('样本不足');
    expect(empty.getCell(4).value).toBe('—');
  });

  it('lists the backlog by unit, worst first, then the worst overdue cases', () => {
    const ws = wb.getWorksheet('超期积压')!;
    const first = ws.getRow((ws.views[0] as { ySplit: number }).ySplit + 1);
    expect(first.getCell(2).value).toBe('郑州航空港经济综合实验区');
    expect(first.getCell(5).value).toBe(15);
    const caseRow = rowsStartingWith(ws, '序号')[1];
    expect(caseRow.getCell(2).value).toBe('案件编号');
    const item = ws.getRow(caseRow.number + 1);
    expect(item.getCell(2).value).toBe('ZZ2026001001');
    expect(String(item.getCell(5).value).split('·')).toHaveLength(3);
    expect(item.getCell(7).value).toMatch(/^2026-11-\d{2} \d{2}:\d{2}$/);
    expect(item.getCell(8).numFmt).toBe('0.0');
  });

  it('writes a whole city (15 districts, 208 townships, 40 departments) quickly and small', async () => {
    const t = performance.now();
    const buf = await renderBriefingXlsx(cityScaleBriefing());
    const ms = performance.now() - t;
    console.warn(`city briefing workbook: ${(buf.length / 1024).toFixed(0)} KB in ${ms.toFixed(0)} ms`);
    expect(buf.length).toBeLessThan(500_000);
    const city = new Workbook();
    await city.xlsx.load(buf as unknown as ArrayBuffer);
    let townships = 0;
    city.getWorksheet('乡镇（街道）')!.eachRow((row) => {
      if (typeof row.getCell(3).value === 'number' || row.getCell(1).value === '样本不足') townships++;
    });
    expect(townships).toBe(208);
  });
});
