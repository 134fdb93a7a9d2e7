import { describe, expect, it } from 'vitest';
import { CsvParseError, parseCsv, parseCsvBatches, parseCsvRecordBatches, parseCsvRecords } from './csv.js';
import type { CsvErrorCode, CsvOptions, CsvRow } from './csv.js';

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

/**
 * The parser as it was written first, one character at a time: the reference the sliced parser
 * must match (rows, line numbers, error codes and positions) for any input and chunking.
 */
async function* referenceParseCsv(chunks: AsyncIterable<string> | Iterable<string>, options: CsvOptions = {}): AsyncGenerator<CsvRow> {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw new RangeError('delimiter must be one character other than a quote or a line break');
  }
  const skipEmpty = options.skipEmptyLines ?? true;
  const strict = options.strictQuotes ?? true;
  const maxField = options.maxFieldLength ?? 100_000;
  const maxFields = options.maxFields ?? 1_000;

  let line = 1;
  let column = 0;
  let rowLine = 1;
  let fields: string[] = [];
  let field = '';
  let quoted = false; // current field started with a quote
  let inQuotes = false; // inside the quoted section
  let quotePending = false; // saw a quote inside quotes: either an escape or the closing quote
  let skipLf = false; // last char was a CR ending a line
  let quotedCr = false; // last char was a CR inside quotes
  let first = true;
  let rowHasContent = false;

  const fail = (code: CsvErrorCode, message: string): never => {
    throw new CsvParseError(code, line, column, message);
  };
  const endField = (): void => {
    if (fields.length >= maxFields) fail('too_many_fields', `more than ${maxFields} fields`);
    fields.push(field);
    field = '';
    quoted = false;
  };
  const newline = (): void => {
    line++;
    column = 0;
  };
  const append = (ch: string): void => {
    if (field.length >= maxField) fail('field_too_long', `field longer than ${maxField} characters`);
    field += ch;
  };

  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i] as string;
      if (first) {
        first = false;
        if (ch === '\uFEFF') continue;
      }
      if (skipLf) {
        skipLf = false;
        if (ch === '\n') continue;
      }
      column++;
      if (quotePending) {
        quotePending = false;
        if (ch === '"') {
          append('"');
          continue;
        }
        inQuotes = false; // that quote closed the field; fall through with ch
        if (ch !== delimiter && ch !== '\r' && ch !== '\n') fail('text_after_quote', 'unexpected character after a closing quote');
      } else if (inQuotes) {
        if (ch === '"') {
          quotedCr = false;
          quotePending = true;
          continue;
        }
        append(ch);
        if (ch === '\n' && quotedCr) {
          column = 0; // LF of a CRLF inside quotes: the line was counted at the CR
        } else if (ch === '\r' || ch === '\n') {
          newline();
        }
        quotedCr = ch === '\r';
        continue;
      }
      if (ch === '"') {
        if (field.length === 0 && !quoted) {
          quoted = true;
          inQuotes = true;
          rowHasContent = true;
          continue;
        }
        if (strict) fail('bare_quote', 'quote inside an unquoted field');
        append(ch);
        continue;
      }
      if (ch === delimiter) {
        rowHasContent = true;
        endField();
        continue;
      }
      if (ch === '\r' || ch === '\n') {
        if (rowHasContent || field.length > 0 || !skipEmpty) {
          endField();
          yield { line: rowLine, fields };
        }
        fields = [];
        field = '';
        quoted = false;
        rowHasContent = false;
        if (ch === '\r') skipLf = true;
        newline();
        rowLine = line;
        continue;
      }
      append(ch);
    }
  }
  if (inQuotes && !quotePending) fail('unterminated_quote', 'quoted field not closed at end of input');
  if (rowHasContent || field.length > 0) {
    endField();
    yield { line: rowLine, fields };
  }
}


async function outcome(parse: (chunks: AsyncIterable<string>, options: CsvOptions) => AsyncGenerator<CsvRow>, text: string, size: number, options: CsvOptions) {
  const out: CsvRow[] = [];
  try {
    for await (const row of parse(chunked(text, size), options)) out.push(row);
  } catch (e) {
    if (!(e instanceof CsvParseError)) throw e;
    return { rows: out, error: { code: e.code, line: e.line, column: e.column } };
  }
  return { rows: out, error: null };
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('parseCsv against the character-by-character reference', () => {
  const pieces = ['a', 'bc', 'longer-than-thirteen-characters', '销售', ',', ';', '"', '""', '\r', '\n', '\r\n', ' ', '\uFEFF', 'x"y', '"q,r"'];
  const optionSets: CsvOptions[] = [{}, { skipEmptyLines: false }, { strictQuotes: false }, { delimiter: ';' }, { maxFieldLength: 5 }, { maxFields: 3 }, { strictQuotes: false, maxFieldLength: 20 }];

  it('yields the same rows and throws the same errors (code, line, column) for random input and chunk sizes', async () => {
    const next = random(20261126);
    let errors = 0;
    for (let n = 0; n < 600; n++) {
      let text = '';
      const parts = 1 + Math.floor(next() * 30);
      for (let p = 0; p < parts; p++) text += pieces[Math.floor(next() * pieces.length)];
      const options = optionSets[n % optionSets.length] as CsvOptions;
      const size = 1 + Math.floor(next() * 12);
      const expected = await outcome(referenceParseCsv, text, size, options);
      if (expected.error) errors++;
      expect(await outcome(parseCsv, text, size, options), JSON.stringify({ text, size, options })).toEqual(expected);
      expect(await outcome(parseCsv, text, text.length + 1, options)).toEqual(await outcome(referenceParseCsv, text, text.length + 1, options));
    }
    // Both outcomes are exercised.
    expect(errors).toBeGreaterThan(50);
    expect(errors).toBeLessThan(550);
  });

  it('points at the character that makes a long unquoted or quoted field too long', async () => {
    for (const text of ['ab,abcdefgh\n', '"abcdefgh"\n', 'x\n"ab""cdefgh"\n']) {
      for (const size of [1, 3, 100]) {
        const expected = await outcome(referenceParseCsv, text, size, { maxFieldLength: 4 });
        expect(expected.error?.code).toBe('field_too_long' satisfies CsvErrorCode);
        expect(await outcome(parseCsv, text, size, { maxFieldLength: 4 })).toEqual(expected);
      }
    }
  });
});

describe('parseCsvBatches and parseCsvRecordBatches', () => {
  it('yield the rows completed in each chunk', async () => {
    const batches: CsvRow[][] = [];
    for await (const rows of parseCsvBatches(['a,b\nc,', 'd\ne,f\ng', '', ',h'])) batches.push(rows);
    expect(batches).toEqual([
      [{ line: 1, fields: ['a', 'b'] }],
      [
        { line: 2, fields: ['c', 'd'] },
        { line: 3, fields: ['e', 'f'] },
      ],
      [{ line: 4, fields: ['g', 'h'] }],
    ]);
  });

  it('yield the rows of a chunk before its error', async () => {
    const seen: number[] = [];
    await expect(async () => {
      for await (const rows of parseCsvBatches(['a\nb\n"c'])) for (const r of rows) seen.push(r.line);
    }).rejects.toThrow(CsvParseError);
    expect(seen).toEqual([1, 2]);
  });

  it('give data rows as fields in header order, with per-line field count errors', async () => {
    const out = [];
    for await (const batch of parseCsvRecordBatches([' employeeId ,value\nE1,1\nE2\n', 'E3,3'])) out.push(batch);
    expect(out).toEqual([
      { header: ['employeeId', 'value'], items: [{ line: 2, fields: ['E1', '1'] }, { line: 3, error: { code: 'field_count', message: 'expected 2 fields, got 1' } }] },
      { header: ['employeeId', 'value'], items: [{ line: 4, fields: ['E3', '3'] }] },
    ]);
  });

  it('keep the exact text of long fields (copied out of their chunk)', async () => {
    const id = 'employee-0123456789abcdef';
    const chunk = `${id},1\n${'z'.repeat(1000)},2\n`;
    const [rows] = await (async () => {
      const all: CsvRow[][] = [];
      for await (const r of parseCsvBatches([chunk])) all.push(r);
      return all;
    })();
    expect(rows?.[0]?.fields[0]).toBe(id);
    expect(rows?.[1]?.fields[0]).toBe('z'.repeat(1000));
  });
});
