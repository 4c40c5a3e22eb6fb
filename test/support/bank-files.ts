import * as iconv from 'iconv-lite';

/**
 * Bank files read back the way a bank reads them, for the tests that download one: the records,
 * and the fields of a payment that a test compares with what it paid (SPEC §8 has the layouts).
 */

/** A NACHA file's records: its lines (each must be 94 characters; LF after each). */
export const nachaRecords = (bytes: Buffer): string[] =>
  bytes.toString('ascii').split('\n').filter(Boolean);

/** The payments of a NACHA file: each entry detail record's (type 6) payee and cents. */
export const nachaPayments = (bytes: Buffer) =>
  nachaRecords(bytes)
    .filter((record) => record[0] === '6')
    .map((record) => ({
      name: record.slice(54, 76).trim(),
      amountMinor: Number(record.slice(29, 39)),
    }));

/**
 * A Zengin file's records, decoded from Shift_JIS: each is 120 bytes followed by CRLF (a file of
 * any other length yields no records). Half-width kana is one byte, so byte and character
 * positions agree.
 */
export function zenginRecords(bytes: Buffer): string[] {
  if (bytes.length % 122 !== 0) return [];
  return Array.from({ length: bytes.length / 122 }, (_, i) => {
    const record = bytes.subarray(i * 122, i * 122 + 122);
    if (record.subarray(120).toString('ascii') !== '\r\n') throw new Error(`record ${i}: no CRLF`);
    return iconv.decode(record.subarray(0, 120), 'Shift_JIS');
  });
}

/** The payments of a Zengin file: each data record's (type 2) payee (half-width kana) and yen. */
export const zenginPayments = (bytes: Buffer) =>
  zenginRecords(bytes)
    .filter((record) => record[0] === '2')
    .map((record) => ({
      name: record.slice(50, 80).trimEnd(),
      amountMinor: Number(record.slice(80, 90)),
    }));
