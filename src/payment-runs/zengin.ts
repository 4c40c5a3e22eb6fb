import * as iconv from 'iconv-lite';

/**
 * Zengin 総合振込 file builder, SPEC §8: header `1`, data `2`…, trailer `8`, end `9`; every record
 * exactly 120 bytes of Shift_JIS (half-width katakana are one byte each) followed by CRLF. Pure:
 * bank and branch names come from the static zengin-code tables.
 */

export const ZENGIN_RECORD_BYTES = 120;
export const ZENGIN_MAX_AMOUNT = 9_999_999_999;

export interface ZenginSender {
  /** 委託者コード, 10 digits. */
  code: string;
  /** 委託者名, half-width kana. */
  name: string;
  bankCode: string;
  bankName: string;
  branchCode: string;
  branchName: string;
  /** 1 ordinary, 2 current. */
  accountType: string;
  accountNumber: string;
}

export interface ZenginEntry {
  /** The customer code / EDI field carries its first 20 hex digits. */
  id: string;
  bankCode: string;
  branchCode: string;
  accountType: 'ordinary' | 'current' | 'savings';
  accountNumber: string;
  /** Half-width kana (full-width kana and ASCII letters are converted). */
  holderName: string;
  amountYen: number;
}

export class ZenginEntryError extends Error {
  constructor(
    readonly entryId: string,
    problem: string,
  ) {
    super(`entry ${entryId}: ${problem}`);
  }
}

const ACCOUNT_TYPE_CODES = { ordinary: '1', current: '2', savings: '4' } as const;

const FULL_KANA =
  'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン';
const HALF_KANA = 'ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ';
/** Zengin names have no small kana: each is written as its full-size letter. */
const SMALL_TO_FULL: Record<string, string> = {
  ァ: 'ア', ィ: 'イ', ゥ: 'ウ', ェ: 'エ', ォ: 'オ', ッ: 'ツ', ャ: 'ヤ', ュ: 'ユ', ョ: 'ヨ',
  ヮ: 'ワ', ヵ: 'カ', ヶ: 'ケ', ヰ: 'イ', ヱ: 'エ',
  ｧ: 'ｱ', ｨ: 'ｲ', ｩ: 'ｳ', ｪ: 'ｴ', ｫ: 'ｵ', ｯ: 'ﾂ', ｬ: 'ﾔ', ｭ: 'ﾕ', ｮ: 'ﾖ',
}; // prettier-ignore
const SYMBOLS: Record<string, string> = {
  'ー': 'ｰ', '－': '-', '‐': '-', '・': '.', '．': '.', '（': '(', '）': ')', '「': '｢',
  '」': '｣', '／': '/', '，': ',', '、': ',', '。': '.', '　': ' ', '\u3099': 'ﾞ', '\u309a': 'ﾟ',
  '゛': 'ﾞ', '゜': 'ﾟ',
}; // prettier-ignore
/** The characters a Zengin name field may hold, all one byte in Shift_JIS. */
const ZENGIN_CHARSET = /^[0-9A-Z ()\-./,\\｢｣ｰﾞﾟｱ-ﾝｦ]*$/;

/**
 * Full-width or hiragana kana to half-width katakana, as the bank file needs: voiced letters split
 * into letter + ﾞ/ﾟ (NFD), small letters made full-size, Latin letters upper case.
 */
export function toZenginKana(text: string): string {
  let out = '';
  for (const raw of text.normalize('NFD')) {
    let ch = SMALL_TO_FULL[raw] ?? raw;
    const code = ch.codePointAt(0)!;
    if (code >= 0x3041 && code <= 0x3096) ch = String.fromCodePoint(code + 0x60); // hiragana
    ch = SMALL_TO_FULL[ch] ?? ch;
    const kana = FULL_KANA.indexOf(ch);
    if (kana >= 0) out += HALF_KANA[kana];
    else if (SYMBOLS[ch]) out += SYMBOLS[ch];
    else if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else out += ch;
  }
  return out.toUpperCase();
}

interface ZenginBranch {
  kana: string;
}
interface ZenginBank {
  kana: string;
  branches: Record<string, ZenginBranch>;
}
let banks: Record<string, ZenginBank> | undefined;

/** The bank's and branch's kana names (half-width), or null when the codes are unknown. */
export function zenginNames(
  bankCode: string,
  branchCode: string,
): { bankName: string; branchName: string } | null {
  // Loaded on first use: the table is large and only the worker building a file needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped CommonJS data
  banks ??= require('zengin-code') as Record<string, ZenginBank>;
  const bank = banks[bankCode];
  const branch = bank?.branches[branchCode];
  if (!bank || !branch) return null;
  return { bankName: toZenginKana(bank.kana), branchName: toZenginKana(branch.kana) };
}

/** C field: left-aligned, space-filled, cut to `width` (every allowed character is one byte). */
function text(value: string, width: number): string {
  return value.slice(0, width).padEnd(width, ' ');
}

/** N field: right-aligned, zero-filled; a value that does not fit is a bug, not a cut. */
function num(value: number | string, width: number): string {
  const digits = String(value);
  if (!/^\d+$/.test(digits) || digits.length > width) {
    throw new Error(`Zengin: ${digits} does not fit a ${width}-digit field`);
  }
  return digits.padStart(width, '0');
}

function encodeRecord(fields: string[]): Buffer {
  const bytes = iconv.encode(fields.join(''), 'Shift_JIS');
  if (bytes.length !== ZENGIN_RECORD_BYTES) {
    throw new Error(`Zengin record of ${bytes.length} bytes: ${fields.join('')}`);
  }
  return bytes;
}

const CRLF = Buffer.from('\r\n', 'ascii');

export function buildZenginFile(
  sender: ZenginSender,
  entries: readonly ZenginEntry[],
  options: { executionDate: string },
): Buffer {
  if (entries.length === 0) throw new Error('Zengin: a file needs at least one entry');
  const mmdd = options.executionDate.slice(5, 7) + options.executionDate.slice(8, 10);
  const records: Buffer[] = [
    encodeRecord([
      '1',
      '21',
      '0',
      num(sender.code, 10),
      text(toZenginKana(sender.name), 40),
      mmdd,
      num(sender.bankCode, 4),
      text(toZenginKana(sender.bankName), 15),
      num(sender.branchCode, 3),
      text(toZenginKana(sender.branchName), 15),
      num(sender.accountType, 1),
      num(sender.accountNumber, 7),
      text('', 17),
    ]),
  ];
  let total = 0;
  for (const entry of entries) {
    const names = zenginNames(entry.bankCode, entry.branchCode);
    if (!names) throw new ZenginEntryError(entry.id, 'unknown bank or branch code');
    const holder = toZenginKana(entry.holderName);
    if (!ZENGIN_CHARSET.test(holder)) {
      throw new ZenginEntryError(entry.id, 'holder name has characters outside the Zengin set');
    }
    if (!/^\d{1,7}$/.test(entry.accountNumber)) {
      throw new ZenginEntryError(entry.id, 'account number must be 1-7 digits');
    }
    if (!Number.isSafeInteger(entry.amountYen) || entry.amountYen <= 0) {
      throw new ZenginEntryError(entry.id, 'amount must be a positive integer of yen');
    }
    if (entry.amountYen > ZENGIN_MAX_AMOUNT) {
      throw new ZenginEntryError(entry.id, 'amount exceeds the 10-digit field');
    }
    const type = ACCOUNT_TYPE_CODES[entry.accountType];
    if (!type) throw new ZenginEntryError(entry.id, `account type ${entry.accountType}`);
    total += entry.amountYen;
    records.push(
      encodeRecord([
        '2',
        num(entry.bankCode, 4),
        text(names.bankName, 15),
        num(entry.branchCode, 3),
        text(names.branchName, 15),
        text('', 4),
        type,
        num(entry.accountNumber, 7),
        text(holder, 30),
        num(entry.amountYen, 10),
        '0',
        text(zenginCustomerCode(entry.id), 20),
        '7',
        ' ',
        text('', 7),
      ]),
    );
  }
  records.push(encodeRecord(['8', num(entries.length, 6), num(total, 12), text('', 101)]));
  records.push(encodeRecord(['9', text('', 119)]));
  return Buffer.concat(records.flatMap((r) => [r, CRLF]));
}

/** The customer code field: the disbursement id's first 20 hex digits, upper case. */
export function zenginCustomerCode(id: string): string {
  return id.replace(/-/g, '').slice(0, 20).toUpperCase();
}
