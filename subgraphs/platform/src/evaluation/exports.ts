/**
 * The 督查通报 exports of a stored report: CSV (UTF-8 with a byte order mark, so Excel and WPS read the Chinese
 * names), an XLSX workbook (exceljs) and an SVG chart of a unit over 12 months (Apache ECharts rendered on the server,
 * no browser or canvas needed). Each is returned as a file: name, media type, encoding and content.
 */
import ExcelJS from 'exceljs';
import * as echarts from 'echarts';
import type { Measure } from './catalog.ts';
import type { UnitResult } from './engine.ts';
import type { ReportRow } from './evaluation.store.ts';

export interface EvaluationFile {
  fileName: string;
  mediaType: string;
  encoding: 'utf8' | 'base64';
  content: string;
}

const KIND = { DEPARTMENT: '部门', COUNTY: '县区' } as const;

function measuresOf(report: ReportRow): Measure[] {
  return report.inputs.months[0]!.measures;
}

/** The header and rows of the results table, one row per unit (departments, then counties). */
export function resultTable(report: ReportRow): { header: string[]; rows: Array<Array<string | number | null>> } {
  const measures = measuresOf(report);
  const header = [
    '月份',
    '类别',
    '代码',
    '名称',
    '得分',
    '排名',
    '末位',
    '重点督查对象',
    '整改期限',
    ...measures.flatMap((m) => [`${m.label}（值）`, `${m.label}（得分）`]),
  ];
  const row = (r: UnitResult) => [
    report.month,
    KIND[r.kind],
    r.code,
    r.name,
    r.score,
    r.rank,
    r.bottom ? '是' : '否',
    r.supervised ? '是' : '否',
    r.rectificationDueOn,
    ...measures.flatMap((m) => {
      const s = r.measures.find((x) => x.owner === m.owner && x.key === m.key);
      return [s?.value ?? null, s?.score ?? null];
    }),
  ];
  return { header, rows: [...report.results.departments, ...report.results.counties].map(row) };
}

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const baseName = (report: ReportRow) => `月度考核通报-${report.month}-v${report.version}`;

export function reportCsv(report: ReportRow): EvaluationFile {
  const { header, rows } = resultTable(report);
  const text = [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
  return {
    fileName: `${baseName(report)}.csv`,
    mediaType: 'text/csv; charset=utf-8',
    encoding: 'utf8',
    content: '\uFEFF' + text,
  };
}

export async function reportXlsx(report: ReportRow): Promise<EvaluationFile> {
  const book = new ExcelJS.Workbook();
  book.creator = '平顶山市政务服务和大数据管理局';
  book.created = report.generatedAt;
  const { header, rows } = resultTable(report);
  const results = book.addWorksheet('考核结果');
  results.addRow(header).font = { bold: true };
  for (const r of rows) results.addRow(r);
  results.views = [{ state: 'frozen', ySplit: 1, xSplit: 4 }];
  const measures = book.addWorksheet('考核指标');
  measures.addRow(['归属', '指标', '名称', '数据项', '基数', '方向', '权重', '考核对象']).font = { bold: true };
  for (const m of measuresOf(report)) {
    measures.addRow([
      m.owner,
      m.key,
      m.label,
      m.figure,
      m.per?.join(' + ') ?? '',
      m.direction === 'HIGHER' ? '正向' : '逆向',
      m.weight,
      m.unitKinds.map((k) => KIND[k]).join('、'),
    ]);
  }
  const data = book.addWorksheet('考核数据');
  data.addRow(['月份', '类别', '代码', '数据项', '值']).font = { bold: true };
  for (const month of report.inputs.months) {
    for (const kind of ['DEPARTMENT', 'COUNTY'] as const) {
      for (const [code, figures] of Object.entries(month.figures[kind])) {
        for (const [path, value] of Object.entries(figures)) data.addRow([month.month, KIND[kind], code, path, value]);
      }
    }
  }
  const buffer = await book.xlsx.writeBuffer();
  return {
    fileName: `${baseName(report)}.xlsx`,
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    encoding: 'base64',
    content: Buffer.from(buffer as ArrayBuffer).toString('base64'),
  };
}

/** The 12 months ending with `month`, oldest first. */
export function last12(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = 11; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
}

/** A unit's score and place over the 12 months ending with the report's month, as SVG. */
export function unitChart(report: ReportRow, history: readonly ReportRow[], unit: UnitResult): EvaluationFile {
  const months = last12(report.month);
  const of = (month: string) => {
    const r = month === report.month ? report : history.find((h) => h.month === month);
    const results = r ? (unit.kind === 'DEPARTMENT' ? r.results.departments : r.results.counties) : [];
    return results.find((x) => x.code === unit.code);
  };
  const points = months.map(of);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 800, height: 400 });
  chart.setOption({
    animation: false,
    title: { text: `${unit.name} 月度考核得分与排名`, subtext: `${months[0]} 至 ${months[11]}`, left: 'center' },
    legend: { data: ['得分', '排名'], bottom: 0 },
    grid: { top: 70, bottom: 60, left: 50, right: 50 },
    xAxis: { type: 'category', data: months },
    yAxis: [
      { type: 'value', name: '得分', min: 0, max: 100 },
      { type: 'value', name: '排名', inverse: true, min: 1, minInterval: 1 },
    ],
    series: [
      {
        name: '得分',
        type: 'bar',
        data: points.map((p) =>
          p?.score == null ? null : { value: p.score, itemStyle: { color: p.bottom ? '#d9363e' : '#3a7bd5' } },
        ),
        label: { show: true, position: 'top' },
      },
      { name: '排名', type: 'line', yAxisIndex: 1, data: points.map((p) => p?.rank ?? null), connectNulls: false },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return {
    fileName: `考核趋势-${unit.code}-${report.month}.svg`,
    mediaType: 'image/svg+xml',
    encoding: 'utf8',
    content: svg,
  };
}
