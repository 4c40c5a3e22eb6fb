import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import * as ExcelJS from 'exceljs';
import {
  JsonDecimal,
  type Cell,
  type ExportContext,
  type ExportDefinition,
  type JsonValue,
  type SqlRow,
} from './export-definitions';
import type { ExportFormat } from './export.entity';

export interface WrittenFile {
  rowCount: number;
  byteSize: number;
  sha256: string;
}

/** Passes bytes through while hashing and counting them, so the file is never read back. */
class Digest extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    callback(null, chunk);
  }

  hex(): string {
    return this.hash.digest('hex');
  }
}

/** Instants as ISO 8601 UTC text in both formats (SPEC §3), so CSV and XLSX read the same. */
function cells(
  definition: ExportDefinition,
  row: SqlRow,
  context: ExportContext,
): Exclude<Cell, Date>[] {
  return definition.columns.map((column) => {
    const value = column.value(row, context);
    return value instanceof Date ? value.toISOString() : value;
  });
}

const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/** JSON text of `value`; a JsonDecimal goes in as its own digits (a number token, no float). */
export function jsonText(value: JsonValue | undefined): string {
  if (value instanceof JsonDecimal) {
    if (!DECIMAL.test(value.text)) throw new RangeError(`not a decimal: ${value.text}`);
    return value.text;
  }
  if (Array.isArray(value)) return `[${value.map((item) => jsonText(item)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .map(([key, member]) => `${JSON.stringify(key)}:${jsonText(member)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Streams `rows` (a database cursor) into `target`: memory holds one batch of rows and the
 * writers' buffers, whatever the number of rows. CSV starts with a UTF-8 BOM so Excel shows
 * Japanese; XLSX uses the streaming writer without shared strings (which would accumulate); JSON
 * (types that define a document) writes one item per row between the document's open and close.
 */
export async function writeExportFile(
  rows: AsyncIterable<SqlRow>,
  definition: ExportDefinition,
  format: ExportFormat,
  target: string,
  context: ExportContext,
): Promise<WrittenFile> {
  const digest = new Digest();
  let rowCount = 0;
  if (format === 'json') {
    const shape = definition.json;
    if (!shape) throw new Error('this export type has no JSON form');
    // One item per row, written as it comes: the document is never held whole.
    const chunks = async function* () {
      yield shape.open;
      for await (const row of rows) {
        yield `${rowCount === 0 ? '' : ','}\n${jsonText(shape.item(row, context))}`;
        rowCount++;
      }
      yield `\n${shape.close}\n`;
    };
    await pipeline(chunks, digest, createWriteStream(target));
  } else if (format === 'csv') {
    async function* lines() {
      for await (const row of rows) {
        rowCount++;
        yield cells(definition, row, context);
      }
    }
    await pipeline(
      lines,
      stringify({ bom: true, header: true, columns: definition.columns.map((c) => c.header) }),
      digest,
      createWriteStream(target),
    );
  } else {
    const written = pipeline(digest, createWriteStream(target));
    try {
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
        stream: digest,
        useSharedStrings: false,
        useStyles: false,
      });
      const sheet = workbook.addWorksheet(definition.sheetName);
      sheet.columns = definition.columns.map((c) => ({ header: c.header, width: c.width }));
      for await (const row of rows) {
        sheet.addRow(cells(definition, row, context)).commit();
        rowCount++;
        if (digest.writableNeedDrain) await once(digest, 'drain');
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      digest.destroy(error as Error);
      await written.catch(() => undefined);
      throw error;
    }
    await written;
  }
  return { rowCount, byteSize: digest.bytes, sha256: digest.hex() };
}
