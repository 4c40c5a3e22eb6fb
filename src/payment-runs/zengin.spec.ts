import fc from 'fast-check';
import * as iconv from 'iconv-lite';
import {
  buildZenginFile,
  toZenginKana,
  ZenginEntry,
  ZenginEntryError,
  ZenginSender,
  zenginCustomerCode,
  zenginNames,
} from './zengin';

const sender: ZenginSender = {
  code: '1234567890',
  name: 'ﾆﾁﾍﾞｲｼﾏｲﾄｼｺｳﾘｭｳｷｷﾝ',
  bankCode: '0001',
  bankName: 'ﾐｽﾞﾎ',
  branchCode: '100',
  branchName: 'ﾎﾝﾃﾝ',
  accountType: '1',
  accountNumber: '1234567',
};

const entry = (n: number, overrides: Partial<ZenginEntry> = {}): ZenginEntry => ({
  id: `${String(n).padStart(8, '0')}-aaaa-4bbb-8ccc-dddddddddddd`,
  bankCode: '0001',
  branchCode: '100',
  accountType: 'ordinary',
  accountNumber: String(1000 + n),
  holderName: 'ｻｯﾎﾟﾛｼ',
  amountYen: 10_000 + n,
  ...overrides,
});

/** Splits on CRLF, checking every record is 120 bytes, and decodes each from Shift_JIS. */
function records(file: Buffer): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < file.length) {
    const end = file.indexOf('\r\n', start, 'ascii');
    expect(end - start).toBe(120);
    out.push(iconv.decode(file.subarray(start, end), 'Shift_JIS'));
    start = end + 2;
  }
  return out;
}
/** 1-based inclusive byte positions; every character of these files is one byte. */
const at = (line: string, from: number, to: number) => line.slice(from - 1, to);

describe('toZenginKana', () => {
  it('turns full-width, voiced and small kana into the half-width Zengin set', () => {
    expect(toZenginKana('サッポロシ')).toBe('ｻﾂﾎﾟﾛｼ');
    expect(toZenginKana('ガバナー')).toBe('ｶﾞﾊﾞﾅｰ');
    expect(toZenginKana('ぎんこう')).toBe('ｷﾞﾝｺｳ');
    expect(toZenginKana('ｶ)ﾃｽﾄ')).toBe('ｶ)ﾃｽﾄ');
    expect(toZenginKana('ＡＢＣ（ｶ）')).toBe('ABC(ｶ)');
  });

  it('names banks and branches from zengin-code in half-width kana', () => {
    expect(zenginNames('0001', '100')).toEqual({ bankName: 'ﾐｽﾞﾎ', branchName: 'ﾎﾝﾃﾝ' });
    expect(zenginNames('0001', '999')).toBeNull();
  });
});

describe('buildZenginFile', () => {
  it('writes header, data, trailer and end records field by field, 120 bytes + CRLF each', () => {
    const file = buildZenginFile(sender, [entry(1), entry(2, { accountType: 'savings' })], {
      executionDate: '2031-04-09',
    });
    expect(file.subarray(-2).toString('ascii')).toBe('\r\n');
    const [header, d1, d2, trailer, end, ...rest] = records(file);
    expect(rest).toEqual([]);
    expect(at(header, 1, 4)).toBe('1210');
    expect(at(header, 5, 14)).toBe('1234567890');
    // Zengin names have no small kana: the configured ﾘｭ is written ﾘﾕ.
    expect(at(header, 15, 54)).toBe('ﾆﾁﾍﾞｲｼﾏｲﾄｼｺｳﾘﾕｳｷｷﾝ'.padEnd(40));
    expect(at(header, 55, 58)).toBe('0409');
    expect(at(header, 59, 62)).toBe('0001');
    expect(at(header, 63, 77)).toBe('ﾐｽﾞﾎ'.padEnd(15));
    expect(at(header, 78, 80)).toBe('100');
    expect(at(header, 81, 95)).toBe('ﾎﾝﾃﾝ'.padEnd(15));
    expect(at(header, 96, 103)).toBe('11234567');
    expect(at(header, 104, 120)).toBe(' '.repeat(17));
    expect(at(d1, 1, 5)).toBe('20001');
    expect(at(d1, 6, 20)).toBe('ﾐｽﾞﾎ'.padEnd(15));
    expect(at(d1, 21, 23)).toBe('100');
    expect(at(d1, 24, 38)).toBe('ﾎﾝﾃﾝ'.padEnd(15));
    expect(at(d1, 39, 42)).toBe('    ');
    expect(at(d1, 43, 43)).toBe('1');
    expect(at(d2, 43, 43)).toBe('4');
    expect(at(d1, 44, 50)).toBe('0001001');
    expect(at(d1, 51, 80)).toBe('ｻﾂﾎﾟﾛｼ'.padEnd(30));
    expect(at(d1, 81, 90)).toBe('0000010001');
    expect(at(d1, 91, 91)).toBe('0');
    expect(at(d1, 92, 111)).toBe(zenginCustomerCode(entry(1).id));
    expect(at(d1, 112, 120)).toBe('7' + ' '.repeat(8));
    expect(at(trailer, 1, 7)).toBe('8000002');
    expect(at(trailer, 8, 19)).toBe('000000020003');
    expect(at(trailer, 20, 120)).toBe(' '.repeat(101));
    expect(end).toBe('9' + ' '.repeat(119));
  });

  it('refuses entries the bank would reject', () => {
    const build = (e: ZenginEntry) => () =>
      buildZenginFile(sender, [e], { executionDate: '2031-04-09' });
    expect(build(entry(1, { branchCode: '999' }))).toThrow(ZenginEntryError);
    expect(build(entry(1, { holderName: '札幌市' }))).toThrow(ZenginEntryError);
    expect(build(entry(1, { accountNumber: '12345678' }))).toThrow(ZenginEntryError);
    expect(build(entry(1, { amountYen: 0 }))).toThrow(ZenginEntryError);
  });

  it('property: every record is 120 bytes and the trailer totals the data records', () => {
    const arb = fc.record({
      amountYen: fc.integer({ min: 1, max: 9_999_999_999 }),
      account: fc.integer({ min: 0, max: 9_999_999 }),
      name: fc.stringMatching(/^[ｱ-ﾝﾞﾟ ]{0,40}$/),
    });
    fc.assert(
      fc.property(fc.array(arb, { minLength: 1, maxLength: 30 }), (raw) => {
        const entries = raw.map((r, i) =>
          entry(i, {
            amountYen: r.amountYen,
            accountNumber: String(r.account),
            holderName: r.name,
          }),
        );
        const all = records(buildZenginFile(sender, entries, { executionDate: '2031-12-31' }));
        const data = all.filter((l) => l[0] === '2');
        const trailer = all.find((l) => l[0] === '8')!;
        expect(data).toHaveLength(entries.length);
        expect(Number(at(trailer, 2, 7))).toBe(entries.length);
        expect(Number(at(trailer, 8, 19))).toBe(
          data.reduce((s, l) => s + Number(at(l, 81, 90)), 0),
        );
      }),
      { numRuns: 60 },
    );
  });
});
