import fc from 'fast-check';
import {
  BankFileEntryError,
  buildNachaFile,
  isValidRoutingNumber,
  NachaEntry,
  NachaSender,
  nachaIdentification,
  routingCheckDigit,
} from './nacha';

const sender: NachaSender = {
  immediateDestination: '091000019',
  immediateDestinationName: 'WELLS FARGO BANK',
  companyId: '1123456789',
  companyName: 'JUSSD GRANTS',
  originName: 'JAPAN US SUBNATL DIPL',
  entryDescription: 'GRANT',
  odfiRouting: '121000248',
};
const options = { executionDate: '2031-04-09', createdAt: new Date('2031-04-08T17:05:00Z') };

/** A valid routing number from its first 8 digits. */
const routing = (first8: string) => first8 + String(routingCheckDigit(first8));

const entry = (n: number, overrides: Partial<NachaEntry> = {}): NachaEntry => ({
  id: `0000000${n}-aaaa-4bbb-8ccc-${String(n).padStart(12, '0')}`.slice(-36),
  receiverName: `City ${n}`,
  routingNumber: routing(String(10_000_000 + n * 7919).slice(-8)),
  accountType: n % 2 ? 'checking' : 'savings',
  accountNumber: `ACC${n}`,
  amountCents: 1000 + n,
  ...overrides,
});

const lines = (file: Buffer) => {
  const text = file.toString('ascii');
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
};
/** 1-based inclusive positions, as the NACHA tables give them. */
const at = (line: string, from: number, to: number) => line.slice(from - 1, to);

describe('routing check digit (ABA weights 3 7 1)', () => {
  it('matches published routing numbers', () => {
    for (const known of ['121000248', '091000019', '026009593', '011000015', '322271627']) {
      expect(routingCheckDigit(known.slice(0, 8))).toBe(Number(known[8]));
      expect(isValidRoutingNumber(known)).toBe(true);
    }
    expect(isValidRoutingNumber('121000249')).toBe(false);
    expect(isValidRoutingNumber('12100024')).toBe(false);
  });
});

describe('buildNachaFile', () => {
  it('writes every field of every record at its position', () => {
    const file = lines(buildNachaFile(sender, [entry(1), entry(2)], options));
    expect(file.every((l) => l.length === 94)).toBe(true);
    const [header, batch, e1, e2, control, fileControl] = file;
    expect(at(header, 1, 3)).toBe('101');
    expect(at(header, 4, 13)).toBe(' 091000019');
    expect(at(header, 14, 23)).toBe('1123456789');
    expect(at(header, 24, 29)).toBe('310408');
    expect(at(header, 30, 33)).toBe('1705');
    expect(at(header, 34, 40)).toBe('A094101');
    expect(at(header, 41, 63)).toBe('WELLS FARGO BANK'.padEnd(23));
    expect(at(header, 64, 86)).toBe('JAPAN US SUBNATL DIPL'.padEnd(23));
    expect(at(batch, 1, 4)).toBe('5220');
    expect(at(batch, 5, 20)).toBe('JUSSD GRANTS'.padEnd(16));
    expect(at(batch, 41, 50)).toBe('1123456789');
    expect(at(batch, 51, 53)).toBe('CCD');
    expect(at(batch, 54, 63)).toBe('GRANT'.padEnd(10));
    expect(at(batch, 70, 75)).toBe('310409');
    expect(at(batch, 76, 78)).toBe('   ');
    expect(at(batch, 79, 79)).toBe('1');
    expect(at(batch, 80, 87)).toBe('12100024');
    expect(at(batch, 88, 94)).toBe('0000001');
    const first = entry(1);
    expect(at(e1, 1, 3)).toBe('622');
    expect(at(e2, 2, 3)).toBe('32');
    expect(at(e1, 4, 12)).toBe(first.routingNumber);
    expect(at(e1, 13, 29)).toBe('ACC1'.padEnd(17));
    expect(at(e1, 30, 39)).toBe('0000001001');
    expect(at(e1, 40, 54)).toBe(nachaIdentification(first.id));
    expect(at(e1, 55, 76)).toBe('CITY 1'.padEnd(22));
    expect(at(e1, 79, 79)).toBe('0');
    expect(at(e1, 80, 94)).toBe('121000240000001');
    expect(at(e2, 80, 94)).toBe('121000240000002');
    expect(at(control, 1, 10)).toBe('8220000002');
    const hash =
      Number(entry(1).routingNumber.slice(0, 8)) + Number(entry(2).routingNumber.slice(0, 8));
    expect(at(control, 11, 20)).toBe(String(hash).padStart(10, '0'));
    expect(at(control, 21, 32)).toBe('0'.repeat(12));
    expect(at(control, 33, 44)).toBe('000000002003');
    expect(at(control, 80, 94)).toBe('121000240000001');
    expect(at(fileControl, 1, 21)).toBe('9000001000001' + '00000002');
    expect(at(fileControl, 44, 55)).toBe('000000002003');
  });

  it.each([
    [1, 10],
    [5, 10],
    [6, 10],
    [7, 20],
    [9, 20],
    [10, 20],
    [11, 20],
    [17, 30],
  ])('pads %i entries to %i records with 94 nines, and counts the blocks', (n, total) => {
    const file = lines(
      buildNachaFile(
        sender,
        Array.from({ length: n }, (_, i) => entry(i + 1)),
        options,
      ),
    );
    expect(file).toHaveLength(total);
    const padding = file.slice(4 + n);
    expect(padding.every((l) => l === '9'.repeat(94))).toBe(true);
    expect(at(file[3 + n], 1, 1)).toBe('9');
    expect(Number(at(file[3 + n], 8, 13))).toBe(total / 10);
  });

  it('keeps the last ten digits of an entry hash that overflows', () => {
    const big = routing('99999999');
    const entries = Array.from({ length: 120 }, (_, i) => entry(i, { routingNumber: big }));
    const file = lines(buildNachaFile(sender, entries, options));
    const control = file[2 + entries.length];
    expect(at(control, 11, 20)).toBe(String((99_999_999 * 120) % 1e10).padStart(10, '0'));
  });

  it('refuses an entry the bank would reject', () => {
    expect(() =>
      buildNachaFile(sender, [entry(1, { routingNumber: '121000249' })], options),
    ).toThrow(BankFileEntryError);
    expect(() => buildNachaFile(sender, [entry(1, { amountCents: 1e10 })], options)).toThrow(
      BankFileEntryError,
    );
    expect(() =>
      buildNachaFile(sender, [entry(1, { accountNumber: 'x'.repeat(18) })], options),
    ).toThrow(BankFileEntryError);
    expect(() => buildNachaFile(sender, [], options)).toThrow(/at least one/);
  });

  it('property: the parsed controls equal the sums of the parsed entries', () => {
    const arbEntry = fc.record({
      dfi: fc.integer({ min: 0, max: 99_999_999 }),
      amountCents: fc.integer({ min: 1, max: 9_999_999_999 }),
      savings: fc.boolean(),
      name: fc.string({ maxLength: 30 }),
    });
    fc.assert(
      fc.property(fc.array(arbEntry, { minLength: 1, maxLength: 40 }), (raw) => {
        const entries = raw.map((r, i) =>
          entry(i, {
            routingNumber: routing(String(r.dfi).padStart(8, '0')),
            amountCents: r.amountCents,
            accountType: r.savings ? 'savings' : 'checking',
            receiverName: r.name,
          }),
        );
        const file = lines(buildNachaFile(sender, entries, options));
        expect(file.length % 10).toBe(0);
        const details = file.filter((l) => l[0] === '6');
        const control = file.find((l) => l[0] === '8')!;
        const fileControl = file.find((l) => l[0] === '9' && l !== '9'.repeat(94))!;
        const hash = details.reduce((s, l) => s + Number(at(l, 4, 11)), 0) % 1e10;
        const credit = details.reduce((s, l) => s + Number(at(l, 30, 39)), 0);
        expect(details).toHaveLength(entries.length);
        for (const l of details)
          expect(routingCheckDigit(at(l, 4, 11))).toBe(Number(at(l, 12, 12)));
        expect(Number(at(control, 11, 20))).toBe(hash);
        expect(Number(at(control, 33, 44))).toBe(credit);
        expect(Number(at(fileControl, 22, 31))).toBe(hash);
        expect(Number(at(fileControl, 44, 55))).toBe(credit);
        expect(Number(at(fileControl, 14, 21))).toBe(entries.length);
      }),
      { numRuns: 100 },
    );
  });
});
