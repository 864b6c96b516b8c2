import { StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { Locale } from '../auth/roles';
import { t } from '../i18n/i18n';
import type { MonthlyFigures } from './statistics.service';
import { supportLines } from './support-shares';

export type Cell = string | number | null;

/** The characters a spreadsheet starts a formula with (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * RFC 4180 CSV in UTF-8 with a byte-order mark, so that Excel opens Cyrillic text correctly. A
 * text that a spreadsheet would run as a formula (a facility named `=HYPERLINK(...)`) is written
 * with a leading apostrophe; numbers stay numbers.
 */
export function toCsv(rows: Cell[][]): Buffer {
  const field = (value: Cell) => {
    const raw = value === null ? '' : String(value);
    const text = typeof value === 'string' && FORMULA_START.test(raw) ? `'${raw}` : raw;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const body = rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]);
}

/** One worksheet with a bold header row; numbers stay numbers and texts stay texts, never formulas. */
export async function toXlsx(sheetName: string, rows: Cell[][]): Promise<Buffer> {
  // Loaded on the first spreadsheet asked for, not with every process that never makes one.
  const { Workbook } = (await import('exceljs')).default;
  const workbook = new Workbook();
  workbook.creator = 'MedGuard';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  for (const row of rows) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column) => (column.width = 18));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * The monthly figures as a table: a header, a row per key, the total, then the month's events and
 * distinct victims and its support figures as summary lines.
 */
export function monthlyTable(figures: MonthlyFigures, locale: Locale): Cell[][] {
  return [
    [
      t(locale, 'stats.key'),
      t(locale, `groupBy.${figures.groupBy}`),
      t(locale, figures.groupBy === 'victimRole' ? 'stats.victims' : 'stats.incidents'),
      t(locale, 'stats.previousMonth'),
      t(locale, 'stats.sameMonthLastYear'),
      t(locale, 'stats.ratePer1000Staff'),
    ],
    ...figures.rows.map((r) => [
      r.key,
      r.label,
      r.count,
      r.previousMonth,
      r.sameMonthLastYear,
      r.ratePer1000Staff,
    ]),
    [
      'total',
      t(locale, 'stats.total'),
      figures.groupBy === 'victimRole' ? figures.victims : figures.total,
      figures.groupBy === 'victimRole' ? null : figures.previousMonth,
      figures.groupBy === 'victimRole' ? null : figures.sameMonthLastYear,
      figures.groupBy === 'victimRole' ? null : figures.ratePer1000Staff,
    ],
    ['events', t(locale, 'stats.events'), figures.events, null, null, null],
    ['victims', t(locale, 'stats.victims'), figures.victims, null, null, null],
    ...supportLines(figures.support, locale),
  ];
}

/** Sends a file as a download (CSV in UTF-8, or XLSX by the name's extension). */
export function download(res: Response, body: Buffer, name: string): StreamableFile {
  const type = name.endsWith('.csv')
    ? 'text/csv; charset=utf-8'
    : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  return new StreamableFile(body);
}
