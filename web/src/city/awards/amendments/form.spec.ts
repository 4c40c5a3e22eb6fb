import fc from 'fast-check';
import { categoriesBefore, EMPTY_MOVE, formField, type MoveValues } from './form';

const LINES = [
  { category: 'venue', amountMinor: 950_000 },
  { category: 'printing', amountMinor: 50_000 },
];

const move = (fromCategory: string, toCategory: string, amount: string): MoveValues => ({
  fromCategory,
  toCategory,
  amount,
});

describe('the amendment form', () => {
  it('shows each move the categories as the moves above it leave them', () => {
    const moves = [
      move('venue', 'catering', '300,000'),
      move('catering', 'printing', '１０，０００'),
    ];
    expect(categoriesBefore(LINES, moves, 0, 'JPY')).toEqual(LINES);
    expect(categoriesBefore(LINES, moves, 1, 'JPY')).toEqual([
      { category: 'venue', amountMinor: 650_000 },
      { category: 'printing', amountMinor: 50_000 },
      { category: 'catering', amountMinor: 300_000 },
    ]);
    expect(categoriesBefore(LINES, moves, 2, 'JPY')).toEqual([
      { category: 'venue', amountMinor: 650_000 },
      { category: 'printing', amountMinor: 60_000 },
      { category: 'catering', amountMinor: 290_000 },
    ]);
  });

  it('leaves the budget as it is for a move the API would refuse', () => {
    for (const refused of [
      EMPTY_MOVE,
      move('venue', 'catering', ''),
      move('venue', 'catering', '0'),
      move('venue', 'catering', '1,000,000'),
      move('venue', 'venue', '10'),
      move('travel', 'catering', '10'),
      move('venue', ' ', '10'),
    ]) {
      expect(categoriesBefore(LINES, [refused], 1, 'JPY')).toEqual(LINES);
    }
  });

  it('never creates or loses money, whatever the moves', () => {
    const categories = fc.constantFrom('venue', 'printing', 'catering', 'travel', '');
    const moves = fc.array(
      fc.record({
        fromCategory: categories,
        toCategory: categories,
        amount: fc.oneof(fc.nat({ max: 2_000_000 }).map(String), fc.constant('x')),
      }),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(moves, (list) => {
        const total = (lines: { amountMinor: number }[]) =>
          lines.reduce((sum, line) => sum + line.amountMinor, 0);
        for (let index = 0; index <= list.length; index++) {
          const before = categoriesBefore(LINES, list, index, 'JPY');
          expect(total(before)).toBe(total(LINES));
          expect(before.every((line) => Number.isInteger(line.amountMinor))).toBe(true);
          expect(before.every((line) => line.amountMinor >= 0)).toBe(true);
        }
      }),
    );
  });

  it('puts the API’s field errors of a move under that move’s field', () => {
    expect(formField('changes.moves.1.amountMinor')).toBe('moves.1.amount');
    expect(formField('changes.moves.0.toCategory')).toBe('moves.0.toCategory');
    expect(formField('reason.ja')).toBe('reason');
    expect(formField('changes.endsOn')).toBe('endsOn');
  });
});
