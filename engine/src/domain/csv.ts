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

/**
 * Parses CSV from string chunks.
 * @throws CsvParseError (from the iterator) on malformed input
 */
export async function* parseCsv(chunks: AsyncIterable<string> | Iterable<string>, options: CsvOptions = {}): AsyncGenerator<CsvRow> {
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

/** A data row keyed by the header, or a per-line error (wrong field count). */
export type CsvRecordResult =
  | { line: number; record: Record<string, string> }
  | { line: number; error: { code: 'field_count'; message: string } };

/**
 * Parses CSV whose first row is a header and yields one keyed record per data row. A row with a
 * different number of fields than the header yields an error result for that line and parsing
 * goes on; malformed quoting still throws {@link CsvParseError}.
 * @throws CsvParseError for malformed quoting, RangeError for an empty or duplicated header
 */
export async function* parseCsvRecords(chunks: AsyncIterable<string> | Iterable<string>, options: CsvOptions = {}): AsyncGenerator<CsvRecordResult> {
  let header: string[] | null = null;
  for await (const row of parseCsv(chunks, options)) {
    if (!header) {
      header = row.fields.map((h) => h.trim());
      if (header.some((h) => h === '')) throw new RangeError(`line ${row.line}: empty column name in header`);
      if (new Set(header).size !== header.length) throw new RangeError(`line ${row.line}: duplicated column name in header`);
      continue;
    }
    if (row.fields.length !== header.length) {
      yield { line: row.line, error: { code: 'field_count', message: `expected ${header.length} fields, got ${row.fields.length}` } };
      continue;
    }
    const record: Record<string, string> = {};
    header.forEach((h, i) => {
      record[h] = row.fields[i] ?? '';
    });
    yield { line: row.line, record };
  }
}
