/**
 * A small streaming RFC 4180 CSV parser for imports (KPI readings, org data). It reads an async
 * iterable of string chunks (chunk boundaries may fall anywhere, even inside a CRLF or an escaped
 * quote) and yields rows with the line number they start on, so an import can report errors per
 * line. Handles quoted fields with embedded delimiters, newlines and escaped quotes (`""`), CRLF,
 * LF and lone CR line ends, and a UTF-8 BOM at the start.
 */

/** A parsed row: its fields and the 1-based physical line it starts on. */
export interface CsvRow {
  line: number;
  fields: string[];
}

/** Why the input is not valid CSV. */
export type CsvErrorCode = 'unterminated_quote' | 'bare_quote' | 'text_after_quote' | 'field_too_long' | 'too_many_fields';

/** Raised for malformed input; `line` and `column` (1-based) point at the offending character. */
export class CsvParseError extends Error {
  constructor(
    readonly code: CsvErrorCode,
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super(`line ${line}, column ${column}: ${message}`);
    this.name = 'CsvParseError';
  }
}

/** Parser options. */
export interface CsvOptions {
  /** Field delimiter, one character (default `,`). */
  delimiter?: string;
  /** Skip lines that are completely empty (default true). */
  skipEmptyLines?: boolean;
  /** Reject a quote inside an unquoted field (default true, as RFC 4180); false keeps it literally. */
  strictQuotes?: boolean;
  /** Longest field accepted, in characters (default 100 000): protects imports from runaway quotes. */
  maxFieldLength?: number;
  /** Most fields per row (default 1 000). */
  maxFields?: number;
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const BOM = 0xfeff;

/**
 * A field cut out of a chunk. V8 keeps a slice of 13 characters or more as a view of the whole
 * chunk; such a field is copied so that a value kept after its chunk (an id in a carried state, a
 * line error) holds only itself, not the chunk.
 */
function detached(chunk: string, from: number, to: number): string {
  const s = chunk.slice(from, to);
  return to - from < 13 ? s : `${s}\u0000`.slice(0, -1);
}

/**
 * The parser's state machine, fed one chunk at a time; complete rows are appended to the caller's
 * array. Runs of ordinary characters are taken as slices of the chunk (not character by character).
 */
class CsvScanner {
  readonly #delimiter: number;
  readonly #skipEmpty: boolean;
  readonly #strict: boolean;
  readonly #maxField: number;
  readonly #maxFields: number;

  #line = 1;
  #column = 0;
  #rowLine = 1;
  #fields: string[] = [];
  #field = '';
  #quoted = false; // current field started with a quote
  #inQuotes = false; // inside the quoted section
  #quotePending = false; // saw a quote inside quotes: either an escape or the closing quote
  #skipLf = false; // last char was a CR ending a line
  #quotedCr = false; // last char was a CR inside quotes
  #first = true;
  #rowHasContent = false;

  constructor(options: CsvOptions) {
    const delimiter = options.delimiter ?? ',';
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
      throw new RangeError('delimiter must be one character other than a quote or a line break');
    }
    this.#delimiter = delimiter.charCodeAt(0);
    this.#skipEmpty = options.skipEmptyLines ?? true;
    this.#strict = options.strictQuotes ?? true;
    this.#maxField = options.maxFieldLength ?? 100_000;
    this.#maxFields = options.maxFields ?? 1_000;
  }

  #fail(code: CsvErrorCode, message: string): never {
    throw new CsvParseError(code, this.#line, this.#column, message);
  }

  #endField(): void {
    if (this.#fields.length >= this.#maxFields) this.#fail('too_many_fields', `more than ${this.#maxFields} fields`);
    this.#fields.push(this.#field);
    this.#field = '';
    this.#quoted = false;
  }

  /** Appends chunk[from, to) to the field; the column already counts the character at `from`. */
  #append(chunk: string, from: number, to: number): void {
    const room = this.#maxField - this.#field.length;
    if (to - from > room) {
      this.#column += room;
      this.#fail('field_too_long', `field longer than ${this.#maxField} characters`);
    }
    this.#field = this.#field === '' ? detached(chunk, from, to) : this.#field + detached(chunk, from, to);
    this.#column += to - from - 1;
  }

  #appendChar(ch: string): void {
    if (this.#field.length >= this.#maxField) this.#fail('field_too_long', `field longer than ${this.#maxField} characters`);
    this.#field += ch;
  }

  feed(chunk: string, out: CsvRow[]): void {
    const n = chunk.length;
    const delimiter = this.#delimiter;
    let i = 0;
    if (this.#first && n > 0) {
      this.#first = false;
      if (chunk.charCodeAt(0) === BOM) i = 1;
    }
    for (; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (this.#skipLf) {
        this.#skipLf = false;
        if (c === LF) continue;
      }
      this.#column++;
      if (this.#quotePending) {
        this.#quotePending = false;
        if (c === QUOTE) {
          this.#appendChar('"');
          continue;
        }
        this.#inQuotes = false; // that quote closed the field; fall through with c
        if (c !== delimiter && c !== CR && c !== LF) this.#fail('text_after_quote', 'unexpected character after a closing quote');
      } else if (this.#inQuotes) {
        if (c === QUOTE) {
          this.#quotedCr = false;
          this.#quotePending = true;
          continue;
        }
        if (c === CR || c === LF) {
          this.#appendChar(c === CR ? '\r' : '\n');
          if (c === LF && this.#quotedCr) {
            this.#column = 0; // LF of a CRLF inside quotes: the line was counted at the CR
          } else {
            this.#line++;
            this.#column = 0;
          }
          this.#quotedCr = c === CR;
          continue;
        }
        let j = i + 1;
        while (j < n) {
          const d = chunk.charCodeAt(j);
          if (d === QUOTE || d === CR || d === LF) break;
          j++;
        }
        this.#append(chunk, i, j);
        this.#quotedCr = false;
        i = j - 1;
        continue;
      }
      if (c === QUOTE) {
        if (this.#field.length === 0 && !this.#quoted) {
          this.#quoted = true;
          this.#inQuotes = true;
          this.#rowHasContent = true;
          continue;
        }
        if (this.#strict) this.#fail('bare_quote', 'quote inside an unquoted field');
        this.#appendChar('"');
        continue;
      }
      if (c === delimiter) {
        this.#rowHasContent = true;
        this.#endField();
        continue;
      }
      if (c === CR || c === LF) {
        if (this.#rowHasContent || this.#field.length > 0 || !this.#skipEmpty) {
          this.#endField();
          out.push({ line: this.#rowLine, fields: this.#fields });
        }
        this.#fields = [];
        this.#field = '';
        this.#quoted = false;
        this.#rowHasContent = false;
        if (c === CR) this.#skipLf = true;
        this.#line++;
        this.#column = 0;
        this.#rowLine = this.#line;
        continue;
      }
      let j = i + 1;
      while (j < n) {
        const d = chunk.charCodeAt(j);
        if (d === delimiter || d === QUOTE || d === CR || d === LF) break;
        j++;
      }
      this.#append(chunk, i, j);
      i = j - 1;
    }
  }

  end(out: CsvRow[]): void {
    if (this.#inQuotes && !this.#quotePending) this.#fail('unterminated_quote', 'quoted field not closed at end of input');
    if (this.#rowHasContent || this.#field.length > 0) {
      this.#endField();
      out.push({ line: this.#rowLine, fields: this.#fields });
      this.#fields = [];
      this.#field = '';
      this.#rowHasContent = false;
    }
  }
}

/**
 * Parses CSV from string chunks and yields, per chunk, the rows completed in it (an empty chunk
 * yields nothing): one iteration per chunk instead of one per row.
 * @throws CsvParseError (from the iterator) on malformed input, after yielding the rows before it
 */
export async function* parseCsvBatches(chunks: AsyncIterable<string> | Iterable<string>, options: CsvOptions = {}): AsyncGenerator<CsvRow[]> {
  const scanner = new CsvScanner(options);
  for await (const chunk of chunks) {
    const rows: CsvRow[] = [];
    try {
      scanner.feed(chunk, rows);
    } catch (e) {
      if (rows.length) yield rows;
      throw e;
    }
    if (rows.length) yield rows;
  }
  const rows: CsvRow[] = [];
  try {
    scanner.end(rows);
  } catch (e) {
    if (rows.length) yield rows;
    throw e;
  }
  if (rows.length) yield rows;
}

/**
 * Parses CSV from string chunks.
 * @throws CsvParseError (from the iterator) on malformed input
 */
export async function* parseCsv(chunks: AsyncIterable<string> | Iterable<string>, options: CsvOptions = {}): AsyncGenerator<CsvRow> {
  for await (const rows of parseCsvBatches(chunks, options)) yield* rows;
}

/** A data row keyed by the header, or a per-line error (wrong field count). */
export type CsvRecordResult =
  | { line: number; record: Record<string, string> }
  | { line: number; error: { code: 'field_count'; message: string } };

/** A data row's fields (exactly as many as the header has columns), or its per-line error. */
export type CsvFieldsResult = { line: number; fields: string[] } | { line: number; error: { code: 'field_count'; message: string } };

/** The data rows completed in one chunk, with the (trimmed) header they are read against. */
export interface CsvRecordBatch {
  header: readonly string[];
  items: CsvFieldsResult[];
}

/**
 * Parses CSV whose first row is a header and yields, per chunk, its data rows as field arrays in
 * header order (a row with a different number of fields than the header is an error item for
 * that line and parsing goes on); malformed quoting still throws {@link CsvParseError}.
 * @throws CsvParseError for malformed quoting, RangeError for an empty or duplicated header
 */
export async function* parseCsvRecordBatches(chunks: AsyncIterable<string> | Iterable<string>, options: CsvOptions = {}): AsyncGenerator<CsvRecordBatch> {
  let header: string[] | null = null;
  for await (const rows of parseCsvBatches(chunks, options)) {
    const items: CsvFieldsResult[] = [];
    for (const row of rows) {
      if (!header) {
        header = row.fields.map((h) => h.trim());
        if (header.some((h) => h === '')) throw new RangeError(`line ${row.line}: empty column name in header`);
        if (new Set(header).size !== header.length) throw new RangeError(`line ${row.line}: duplicated column name in header`);
        continue;
      }
      if (row.fields.length !== header.length) items.push({ line: row.line, error: { code: 'field_count', message: `expected ${header.length} fields, got ${row.fields.length}` } });
      else items.push(row);
    }
    if (header && items.length) yield { header, items };
  }
}

/**
 * Parses CSV whose first row is a header and yields one keyed record per data row. A row with a
 * different number of fields than the header yields an error result for that line and parsing
 * goes on; malformed quoting still throws {@link CsvParseError}.
 * @throws CsvParseError for malformed quoting, RangeError for an empty or duplicated header
 */
export async function* parseCsvRecords(chunks: AsyncIterable<string> | Iterable<string>, options: CsvOptions = {}): AsyncGenerator<CsvRecordResult> {
  for await (const { header, items } of parseCsvRecordBatches(chunks, options)) {
    for (const item of items) {
      if ('error' in item) {
        yield item;
        continue;
      }
      const record: Record<string, string> = {};
      header.forEach((h, i) => {
        record[h] = item.fields[i] ?? '';
      });
      yield { line: item.line, record };
    }
  }
}
