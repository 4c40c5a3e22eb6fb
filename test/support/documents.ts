import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Small real files of each type an attachment may be (and some it may not), built in memory: the
 * bytes that matter are the magic numbers and, for DOCX/XLSX, the ZIP's parts.
 */
export const samples = {
  pdf: (text = 'Letter of support') =>
    Buffer.from(
      `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    ),
  /** A 1×1 PNG. */
  png: () =>
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    ),
  jpeg: () => Buffer.concat([Buffer.from('ffd8ffe000104a46494600', 'hex'), randomBytes(32)]),
  /** A Windows executable: `MZ` and the PE header offset. */
  exe: () =>
    Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000', 'hex'), randomBytes(64)]),
  /** A plain ZIP archive holding a text file (no Office parts). */
  zip: async () => {
    const zip = new JSZip();
    zip.file('notes.txt', 'not an office document');
    return zip.generateAsync({ type: 'nodebuffer' });
  },
  docx: async () => {
    const zip = new JSZip();
    zip.file(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    );
    zip.file(
      'word/document.xml',
      '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>',
    );
    return zip.generateAsync({ type: 'nodebuffer' });
  },
  xlsx: async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Budget').addRow(['travel', 500000]);
    return Buffer.from(await book.xlsx.writeBuffer());
  },
  csv: () => Buffer.from('category,amount\ntravel,500000\n会場,300000\n', 'utf8'),
};

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** One request the fake S3 server received. */
export interface S3Request {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * The smallest S3-compatible server the document store needs, path style only: PUT, GET and
 * DELETE of an object in any bucket, answering as S3 does (an XML NoSuchKey for a missing key).
 * It records every request, so a test can check what the store sent.
 */
export async function startFakeS3(): Promise<{
  url: string;
  objects: Map<string, Buffer>;
  requests: S3Request[];
  close(): Promise<void>;
}> {
  const objects = new Map<string, Buffer>();
  const requests: S3Request[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://s3.test').pathname);
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method ?? '', path, headers: req.headers, body });
      if (req.method === 'PUT') {
        objects.set(path, body);
        res.writeHead(200, { ETag: `"${createHash('md5').update(body).digest('hex')}"` }).end();
      } else if (req.method === 'GET' || req.method === 'HEAD') {
        const object = objects.get(path);
        if (!object) {
          res
            .writeHead(404, { 'Content-Type': 'application/xml' })
            .end(
              '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code>' +
                `<Message>The specified key does not exist.</Message><Key>${path}</Key></Error>`,
            );
          return;
        }
        res.writeHead(200, {
          'Content-Type': 'application/octet-stream',
          'Content-Length': String(object.length),
        });
        res.end(req.method === 'GET' ? object : undefined);
      } else if (req.method === 'DELETE') {
        objects.delete(path);
        res.writeHead(204).end();
      } else {
        res.writeHead(405).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    objects,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
