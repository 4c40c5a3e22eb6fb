import * as FileType from 'file-type';
import * as path from 'node:path';

/** What an attachment is, found from its bytes. */
export interface DocumentType {
  contentType: string;
  /** The file name extension that belongs to the type (the download's name ends in it). */
  extension: string;
}

/**
 * The binary types an attachment may be, by what `file-type` finds in the bytes (magic numbers;
 * for DOCX and XLSX, the ZIP's `[Content_Types].xml` and part names), never by the upload's
 * header or file name. `extensions`: the names a file of the type may carry as uploaded.
 */
const BINARY: Record<string, { contentType: string; extensions: string[] }> = {
  pdf: { contentType: 'application/pdf', extensions: ['pdf'] },
  png: { contentType: 'image/png', extensions: ['png'] },
  jpg: { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
  },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
  },
};

/** Text has no magic number: it is taken only when its name says so and its bytes agree. */
const TEXT: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

export const ALLOWED_TYPES_MESSAGE =
  'must be a PDF, PNG, JPEG, DOCX, XLSX, CSV or plain text (.txt) file';

const extensionOf = (fileName: string) => path.extname(fileName).slice(1).toLowerCase();

/** UTF-8 that decodes without a replacement and holds no NUL (a binary file never passes both). */
function isUtf8Text(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The type of an upload, from its content: one of the binary types above whatever it is called,
 * or CSV / plain text when it is named `.csv` / `.txt` and is valid UTF-8 without NUL. Null for
 * anything else (an executable, a ZIP, a legacy .doc, random bytes, an empty file).
 */
export async function detectDocumentType(
  bytes: Buffer,
  fileName: string,
): Promise<DocumentType | null> {
  if (bytes.length === 0) return null;
  const found = await FileType.fromBuffer(bytes);
  if (found) {
    const binary = BINARY[found.ext];
    return binary ? { contentType: binary.contentType, extension: found.ext } : null;
  }
  const extension = extensionOf(fileName);
  const text = TEXT[extension];
  return text && isUtf8Text(bytes) ? { contentType: text, extension } : null;
}

const KNOWN_EXTENSIONS = new Set([
  ...Object.values(BINARY).flatMap((b) => b.extensions),
  ...Object.keys(TEXT),
]);

const UNSAFE = /[\p{Cc}\p{Cf}"\\/]+/gu;
const MAX_NAME = 255;

/**
 * The name a download carries: the uploaded one without any path (`C:\fakepath\x.pdf`), control
 * characters or quotes, and ending in the extension of the type found — a PNG uploaded as
 * `scan.pdf` is `scan.png`, so no program opens it as what it is not. Never used as a path.
 */
export function documentFileName(uploaded: string, type: DocumentType): string {
  const base = uploaded.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(UNSAFE, '_').trim();
  const dot = cleaned.lastIndexOf('.');
  const current = dot >= 0 ? cleaned.slice(dot + 1) : '';
  const fits = (BINARY[type.extension]?.extensions ?? [type.extension]).includes(
    current.toLowerCase(),
  );
  // Another type's extension is replaced; anything else after a dot is part of the name.
  const replaced = fits || KNOWN_EXTENSIONS.has(current.toLowerCase());
  const stem = (replaced ? cleaned.slice(0, dot) : cleaned) || 'document';
  const extension = fits ? current : type.extension;
  return `${stem.slice(0, MAX_NAME - extension.length - 1)}.${extension}`;
}
