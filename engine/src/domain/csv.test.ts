import { describe, expect, it } from 'vitest';
import { CsvParseError, parseCsv, parseCsvRecords } from './csv.js';
import type { CsvOptions, CsvRow } from './csv.js';

/** Splits text into chunks of `size` characters, as a stream would. */
async function* chunked(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
async function rows(text: string, size = 1_000, options?: CsvOptions): Promise<CsvRow[]> {
  const out: CsvRow[] = [];
  for await (const row of parseCsv(chunked(text, size), options)) out.push(row);
  return out;
}
async function errorOf(text: string, options?: CsvOptions): Promise<CsvParseError> {
  try {
    await rows(text, 1_000, options);
  } catch (e) {
    if (e instanceof CsvParseError) return e;
    throw e;
  }
  throw new Error('expected a CsvParseError');
}

const sample =
  '\uFEFFemployeeId,kpiId,period,value,note\r\n' +
  'E0001,sales_amount,2026-W45,42.5,"plain"\r\n' +
  'E0002,sales_amount,2026-W45,38,"says ""hi"", twice"\r\n' +
  'E0003,sales_amount,2026-W45,51,"two\r\nlines"\r\n' +
  'E0004,sales_amount,2026-W45,60,\r\n';

describe('parseCsv', () => {
  it('parses quoted fields, escaped quotes, CRLF, embedded newlines and a BOM with line numbers', async () => {
    const out = await rows(sample);
    expect(out).toEqual([
      { line: 1, fields: ['employeeId', 'kpiId', 'period', 'value', 'note'] },
      { line: 2, fields: ['E0001', 'sales_amount', '2026-W45', '42.5', 'plain'] },
      { line: 3, fields: ['E0002', 'sales_amount', '2026-W45', '38', 'says "hi", twice'] },
      { line: 4, fields: ['E0003', 'sales_amount', '2026-W45', '51', 'two\r\nlines'] },
      { line: 6, fields: ['E0004', 'sales_amount', '2026-W45', '60', ''] },
    ]);
  });

  it('gives the same result for every chunk size (boundaries inside CRLF and escaped quotes)', async () => {
    const whole = await rows(sample);
    for (let size = 1; size <= 12; size++) expect(await rows(sample, size)).toEqual(whole);
  });

  it('accepts LF and lone CR line ends, a last line without a newline, and skips empty lines', async () => {
    expect(await rows('a,b\n\nc,d\re,f')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['c', 'd'] },
      { line: 4, fields: ['e', 'f'] },
    ]);
    expect(await rows('a\n\nb\n', 1_000, { skipEmptyLines: false })).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: [''] },
      { line: 3, fields: ['b'] },
    ]);
  });

  it('keeps empty fields, including quoted empty ones and trailing ones', async () => {
    expect(await rows(',"",x,\n')).toEqual([{ line: 1, fields: ['', '', 'x', ''] }]);
    expect(await rows('""\n')).toEqual([{ line: 1, fields: [''] }]);
  });

  it('supports another delimiter and Chinese text', async () => {
    expect(await rows('姓名;部门\n李雷;"销售部;华东"\n', 3, { delimiter: ';' })).toEqual([
      { line: 1, fields: ['姓名', '部门'] },
      { line: 2, fields: ['李雷', '销售部;华东'] },
    ]);
  });

  it('reports malformed input with its line and column', async () => {
    const unterminated = await errorOf('a,b\nc,"open\nstill open');
    expect(unterminated).toMatchObject({ code: 'unterminated_quote', line: 3 });
    expect(await errorOf('a,b\nc,d"e\n')).toMatchObject({ code: 'bare_quote', line: 2, column: 4 });
    expect(await errorOf('a,"b"c\n')).toMatchObject({ code: 'text_after_quote', line: 1, column: 6 });
    expect(await errorOf('"abcdef"\n', { maxFieldLength: 3 })).toMatchObject({ code: 'field_too_long' });
    expect(await errorOf('a,b,c\n', { maxFields: 2 })).toMatchObject({ code: 'too_many_fields' });
    expect(await rows('a,b"c\n', 1_000, { strictQuotes: false })).toEqual([{ line: 1, fields: ['a', 'b"c'] }]);
  });

  it('yields the rows before an error', async () => {
    const seen: number[] = [];
    await expect(async () => {
      for await (const row of parseCsv(chunked('a\nb\n"c', 100))) seen.push(row.line);
    }).rejects.toThrow(CsvParseError);
    expect(seen).toEqual([1, 2]);
  });
});

describe('parseCsvRecords', () => {
  it('keys rows by the header and reports wrong field counts per line', async () => {
    const out = [];
    for await (const r of parseCsvRecords(['employeeId,value\r\nE1,1\r\nE2\r\nE3,3,extra\r\nE4,4'])) out.push(r);
    expect(out).toEqual([
      { line: 2, record: { employeeId: 'E1', value: '1' } },
      { line: 3, error: { code: 'field_count', message: 'expected 2 fields, got 1' } },
      { line: 4, error: { code: 'field_count', message: 'expected 2 fields, got 3' } },
      { line: 5, record: { employeeId: 'E4', value: '4' } },
    ]);
  });

  it('rejects a duplicated header', async () => {
    await expect(async () => {
      for await (const _ of parseCsvRecords(['a,a\n1,2\n'])) void _;
    }).rejects.toThrow(RangeError);
  });
});
