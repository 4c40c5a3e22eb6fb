/**
 * NACHA (ACH) file builder, SPEC §8: one CCD batch of credits (service class 220). Pure: the same
 * sender, entries and creation time give the same bytes. Records are 94 ASCII characters joined
 * with `\n`, with a newline after the last; the file is padded with records of 94 `9`s to a
 * multiple of the blocking factor (10).
 */

export const NACHA_RECORD_LENGTH = 94;
export const NACHA_BLOCKING_FACTOR = 10;
/** 10 digits of cents. */
export const NACHA_MAX_ENTRY_CENTS = 9_999_999_999;

export interface NachaSender {
  /** 9-digit routing number of the receiving point (the bank that takes the file). */
  immediateDestination: string;
  immediateDestinationName: string;
  /** 10 characters, e.g. `1` + EIN; also the immediate origin. */
  companyId: string;
  companyName: string;
  originName: string;
  entryDescription: string;
  /** 9-digit routing number of the originating bank; its first 8 digits identify it. */
  odfiRouting: string;
}

export interface NachaEntry {
  /** Becomes the identification number (15 characters). */
  id: string;
  receiverName: string;
  /** 9-digit ABA routing number of the receiver's bank. */
  routingNumber: string;
  accountType: 'checking' | 'savings';
  accountNumber: string;
  amountCents: number;
}

export interface NachaFileOptions {
  /** YYYY-MM-DD: the effective entry date. */
  executionDate: string;
  /** The file creation date and time, written in UTC. */
  createdAt: Date;
}

/** An entry the bank would reject; the whole file is refused rather than sent with it. */
export class BankFileEntryError extends Error {
  constructor(
    readonly entryId: string,
    problem: string,
  ) {
    super(`entry ${entryId}: ${problem}`);
  }
}

/** Credits to a checking / savings account (SPEC §8). */
const TRANSACTION_CODES = { checking: '22', savings: '32' } as const;

/** ABA check digit: weights 3 7 1 over the first 8 digits, then up to the next multiple of 10. */
export function routingCheckDigit(first8: string): number {
  const weights = [3, 7, 1, 3, 7, 1, 3, 7];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(first8[i]), 0);
  return (10 - (sum % 10)) % 10;
}

export function isValidRoutingNumber(routing: string): boolean {
  return /^\d{9}$/.test(routing) && routingCheckDigit(routing) === Number(routing[8]);
}

/** The identification number: the id's first 15 hex digits, stable for a disbursement. */
export function nachaIdentification(id: string): string {
  return id.replace(/-/g, '').slice(0, 15).toUpperCase();
}

/** Bank files take printable ASCII only: accents dropped, anything else a space, upper case. */
function ascii(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, ' ')
    .toUpperCase();
}

/** Alphanumeric field: left-justified, space-filled, cut to `width`. */
const alpha = (text: string, width: number) => ascii(text).slice(0, width).padEnd(width, ' ');

/** Numeric field: right-justified, zero-filled; a value that does not fit is a bug, not a cut. */
function num(value: number | string, width: number): string {
  const digits = String(value);
  if (!/^\d+$/.test(digits) || digits.length > width) {
    throw new Error(`NACHA: ${digits} does not fit a ${width}-digit field`);
  }
  return digits.padStart(width, '0');
}

const yymmdd = (isoDate: string) =>
  isoDate.slice(2, 4) + isoDate.slice(5, 7) + isoDate.slice(8, 10);

function record(fields: string[]): string {
  const line = fields.join('');
  if (line.length !== NACHA_RECORD_LENGTH) {
    throw new Error(`NACHA record of ${line.length} characters: ${line}`);
  }
  return line;
}

function checkEntry(entry: NachaEntry): void {
  if (!isValidRoutingNumber(entry.routingNumber)) {
    throw new BankFileEntryError(entry.id, 'routing number has a wrong check digit');
  }
  if (!/^[0-9A-Za-z-]{1,17}$/.test(entry.accountNumber)) {
    throw new BankFileEntryError(entry.id, 'account number must be 1-17 letters or digits');
  }
  if (!Number.isSafeInteger(entry.amountCents) || entry.amountCents <= 0) {
    throw new BankFileEntryError(entry.id, 'amount must be a positive integer of cents');
  }
  if (entry.amountCents > NACHA_MAX_ENTRY_CENTS) {
    throw new BankFileEntryError(entry.id, 'amount exceeds the 10-digit entry field');
  }
  if (!(entry.accountType in TRANSACTION_CODES)) {
    throw new BankFileEntryError(entry.id, `account type ${entry.accountType} is not ACH`);
  }
}

export function buildNachaFile(
  sender: NachaSender,
  entries: readonly NachaEntry[],
  options: NachaFileOptions,
): Buffer {
  if (entries.length === 0) throw new Error('NACHA: a file needs at least one entry');
  entries.forEach(checkEntry);
  const odfi = sender.odfiRouting.slice(0, 8);
  const iso = options.createdAt.toISOString();
  const batchNumber = num(1, 7);

  const header = record([
    '1',
    '01',
    ' ' + num(sender.immediateDestination, 9),
    alpha(sender.companyId, 10),
    yymmdd(iso),
    iso.slice(11, 13) + iso.slice(14, 16),
    'A',
    '094',
    num(NACHA_BLOCKING_FACTOR, 2),
    '1',
    alpha(sender.immediateDestinationName, 23),
    alpha(sender.originName, 23),
    alpha('', 8),
  ]);
  const batchHeader = record([
    '5',
    '220',
    alpha(sender.companyName, 16),
    alpha('', 20),
    alpha(sender.companyId, 10),
    'CCD',
    alpha(sender.entryDescription, 10),
    yymmdd(options.executionDate),
    yymmdd(options.executionDate),
    alpha('', 3),
    '1',
    odfi,
    batchNumber,
  ]);

  let entryHash = 0;
  let totalCredit = 0;
  const details = entries.map((entry, index) => {
    const dfi = entry.routingNumber.slice(0, 8);
    entryHash += Number(dfi);
    totalCredit += entry.amountCents;
    return record([
      '6',
      TRANSACTION_CODES[entry.accountType],
      dfi,
      entry.routingNumber[8],
      alpha(entry.accountNumber, 17),
      num(entry.amountCents, 10),
      alpha(nachaIdentification(entry.id), 15),
      alpha(entry.receiverName, 22),
      alpha('', 2),
      '0',
      odfi + num(index + 1, 7),
    ]);
  });
  // Only the low ten digits of the sum are kept (the field overflows by design).
  const hash = num(entryHash % 10_000_000_000, 10);

  const batchControl = record([
    '8',
    '220',
    num(entries.length, 6),
    hash,
    num(0, 12),
    num(totalCredit, 12),
    alpha(sender.companyId, 10),
    alpha('', 19),
    alpha('', 6),
    odfi,
    batchNumber,
  ]);
  const recordCount = 4 + details.length;
  const blockCount = Math.ceil(recordCount / NACHA_BLOCKING_FACTOR);
  const fileControl = record([
    '9',
    num(1, 6),
    num(blockCount, 6),
    num(entries.length, 8),
    hash,
    num(0, 12),
    num(totalCredit, 12),
    alpha('', 39),
  ]);
  const padding = Array.from({ length: blockCount * NACHA_BLOCKING_FACTOR - recordCount }, () =>
    '9'.repeat(NACHA_RECORD_LENGTH),
  );
  const lines = [header, batchHeader, ...details, batchControl, fileControl, ...padding];
  return Buffer.from(lines.join('\n') + '\n', 'ascii');
}
