import * as path from 'node:path';
import type { ExportFormat } from './export.entity';

/**
 * What the API needs to know of export files (types, names, where they live), apart from the
 * writers in export-file.ts: those pull in exceljs, which only the worker has to load.
 */
export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
};

/** Where export files live; relative settings resolve against the process's working directory. */
export const storageDir = (setting: string) => path.resolve(setting);

const UNSAFE = /[\\/:*?"<>|\p{Cc}\s]+/gu;

/**
 * `round_summary-R-2026-テストラウンド-2026-05-01.csv`: the type, the round (code and title), the
 * day. The title is the Japanese one when there is one; `asciiFileName` drops what is not ASCII.
 */
export function exportFileName(parts: (string | null | undefined)[], format: ExportFormat): string {
  const name = parts
    .filter((p): p is string => !!p)
    .map((p) => p.replace(UNSAFE, '_').slice(0, 60))
    .join('-');
  return `${name}.${format}`;
}

/** The name with what is not ASCII dropped; `download` stands for a name that was all non-ASCII. */
export function asciiFileName(fileName: string): string {
  const ascii = fileName
    .replace(/[^\x20-\x7e]+/g, '')
    .replace(/--+/g, '-')
    .replace(/"/g, '')
    .trim();
  return ascii.startsWith('.') || ascii === '' ? `download${ascii}` : ascii;
}

/** RFC 6266: an ASCII `filename` for old clients and the exact name in `filename*` (RFC 8187). */
export function contentDisposition(fileName: string): string {
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${asciiFileName(fileName)}"; filename*=UTF-8''${encoded}`;
}
