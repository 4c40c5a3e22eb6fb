import fc from 'fast-check';
import { AppError } from '../common/errors/app-error';
import {
  addDays,
  amendTerms,
  applyBudgetMoves,
  budgetMoveNeedsApproval,
  changesShapeErrors,
  daysBetween,
  shiftReportsWithEnd,
  type Terms,
} from './amendment-rules';
import type { BudgetMove } from './award-amendment.entity';
import type { ApprovedBudgetLine } from './award-version.entity';

const TODAY = '2027-01-15';

function terms(overrides: Partial<Terms> = {}): Terms {
  return {
    amounts: [
      { side: 'JP', currency: 'JPY', amountMinor: 1_000_000 },
      { side: 'US', currency: 'USD', amountMinor: 500_000 },
    ],
    budgetLines: [
      { side: 'JP', category: 'venue', currency: 'JPY', amountMinor: 600_000 },
      { side: 'JP', category: 'travel', currency: 'JPY', amountMinor: 400_000 },
      { side: 'US', category: 'travel', currency: 'USD', amountMinor: 500_000 },
    ],
    trancheSchedule: [{ key: 'first', percent: 100, releaseOn: 'award' }],
    reportsRequired: [
      { kind: 'interim', dueOn: '2027-06-30' },
      { kind: 'final', dueOn: '2027-10-31' },
    ],
    startsOn: '2027-04-01',
    endsOn: '2027-09-30',
    scope: { en: 'Exchange', ja: '交流' },
    ...overrides,
  };
}

const move = (overrides: Partial<BudgetMove> = {}): BudgetMove => ({
  side: 'JP',
  currency: 'JPY',
  fromCategory: 'venue',
  toCategory: 'travel',
  amountMinor: 100_000,
  ...overrides,
});

function ruleDetail(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError && error.code === 'rule_violation') return error.detail;
    throw error;
  }
  throw new Error('expected a rule violation');
}

const sideTotal = (lines: ApprovedBudgetLine[], side: string) =>
  lines.filter((l) => l.side === side).reduce((sum, l) => sum + l.amountMinor, 0);

describe('applyBudgetMoves', () => {
  it('moves money between categories of one side, into a new category too', () => {
    const lines = applyBudgetMoves(terms(), [
      move({ amountMinor: 100_000 }),
      move({ fromCategory: 'travel', toCategory: 'printing', amountMinor: 50_000 }),
    ]);
    expect(lines).toEqual([
      { side: 'JP', category: 'venue', currency: 'JPY', amountMinor: 500_000 },
      { side: 'JP', category: 'travel', currency: 'JPY', amountMinor: 450_000 },
      { side: 'US', category: 'travel', currency: 'USD', amountMinor: 500_000 },
      { side: 'JP', category: 'printing', currency: 'JPY', amountMinor: 50_000 },
    ]);
  });

  it('drops a category a move empties', () => {
    const lines = applyBudgetMoves(terms(), [move({ amountMinor: 600_000 })]);
    expect(lines.filter((l) => l.side === 'JP')).toEqual([
      { side: 'JP', category: 'travel', currency: 'JPY', amountMinor: 1_000_000 },
    ]);
  });

  it('judges each move against what the earlier ones left', () => {
    expect(
      ruleDetail(() =>
        applyBudgetMoves(terms(), [move({ amountMinor: 500_000 }), move({ amountMinor: 100_001 })]),
      ),
    ).toBe('The JP side’s category venue has JPY 100,000, less than the JPY 100,001 to move');
  });

  it('refuses a missing category, another currency, a side without award and a move to itself', () => {
    expect(ruleDetail(() => applyBudgetMoves(terms(), [move({ fromCategory: 'food' })]))).toBe(
      'The JP side’s budget has no category food',
    );
    expect(ruleDetail(() => applyBudgetMoves(terms(), [move({ currency: 'USD' })]))).toMatch(
      /^The JP side is awarded in JPY; a move in USD/,
    );
    const jpOnly = terms({ amounts: [{ side: 'JP', currency: 'JPY', amountMinor: 1_000_000 }] });
    expect(
      ruleDetail(() =>
        applyBudgetMoves(jpOnly, [move({ side: 'US', currency: 'USD', fromCategory: 'travel' })]),
      ),
    ).toBe('The US side has no award to move money in');
    expect(ruleDetail(() => applyBudgetMoves(terms(), [move({ toCategory: 'venue' })]))).toBe(
      'A move from venue to itself changes nothing',
    );
  });

  it('keeps every side’s total, whatever valid moves are made (property)', () => {
    const categories = ['venue', 'travel', 'printing', 'food'];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            from: fc.constantFrom(...categories),
            to: fc.constantFrom(...categories),
            amountMinor: fc.integer({ min: 1, max: 2 ** 40 }),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 4, maxLength: 4 }),
        (moves, amounts) => {
          const budgetLines = categories.map((category, i) => ({
            side: 'JP' as const,
            category,
            currency: 'JPY' as const,
            amountMinor: amounts[i],
          }));
          const total = amounts.reduce((a, b) => a + b, 0);
          const start = terms({
            amounts: [{ side: 'JP', currency: 'JPY', amountMinor: total }],
            budgetLines,
          });
          const asMoves = moves.map((m) =>
            move({ fromCategory: m.from, toCategory: m.to, amountMinor: m.amountMinor }),
          );
          let lines: ApprovedBudgetLine[];
          try {
            lines = applyBudgetMoves(start, asMoves);
          } catch (error) {
            // A refused request is a rule violation, never anything else.
            expect(error).toBeInstanceOf(AppError);
            return;
          }
          expect(sideTotal(lines, 'JP')).toBe(total);
          expect(lines.every((l) => l.amountMinor > 0 && Number.isSafeInteger(l.amountMinor))).toBe(
            true,
          );
        },
      ),
    );
  });
});

describe('budgetMoveNeedsApproval', () => {
  const amounts = terms().amounts;

  it('records a share exactly at the percent; one unit more needs approval', () => {
    // 20 % of ¥1,000,000 is ¥200,000.
    expect(budgetMoveNeedsApproval([move({ amountMinor: 200_000 })], amounts, 20)).toBe(false);
    expect(budgetMoveNeedsApproval([move({ amountMinor: 200_001 })], amounts, 20)).toBe(true);
  });

  it('adds up a side’s moves and judges each side on its own award', () => {
    const twoMoves = [move({ amountMinor: 150_000 }), move({ amountMinor: 50_001 })];
    expect(budgetMoveNeedsApproval(twoMoves, amounts, 20)).toBe(true);
    const usMove = move({ side: 'US', currency: 'USD', fromCategory: 'travel', toCategory: 'x' });
    // US $1,000.01 of $5,000.00 is just over 20 %; JP ¥100,000 of ¥1,000,000 is 10 %.
    expect(
      budgetMoveNeedsApproval([move(), { ...usMove, amountMinor: 100_001 }], amounts, 20),
    ).toBe(true);
    expect(
      budgetMoveNeedsApproval([move(), { ...usMove, amountMinor: 100_000 }], amounts, 20),
    ).toBe(false);
  });

  it('matches exact rational comparison, also where floats would round (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 0, max: 100 }),
        (awarded, moved, percent) => {
          const needs = budgetMoveNeedsApproval(
            [move({ amountMinor: moved })],
            [{ side: 'JP', currency: 'JPY', amountMinor: awarded }],
            percent,
          );
          expect(needs).toBe(BigInt(moved) * 100n > BigInt(percent) * BigInt(awarded));
        },
      ),
    );
  });

  it('at the boundary: moved = percent × awarded / 100 is recorded, one more is not (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 100 }),
        (unit, percent) => {
          const awarded = unit * 100;
          const atShare = unit * percent;
          const jp = (amountMinor: number) => [
            { side: 'JP' as const, currency: 'JPY' as const, amountMinor },
          ];
          expect(
            budgetMoveNeedsApproval([move({ amountMinor: atShare })], jp(awarded), percent),
          ).toBe(false);
          expect(
            budgetMoveNeedsApproval([move({ amountMinor: atShare + 1 })], jp(awarded), percent),
          ).toBe(true);
        },
      ),
    );
  });
});

describe('dates', () => {
  it('counts and adds UTC days across month ends and leap days', () => {
    expect(daysBetween('2027-09-30', '2027-12-31')).toBe(92);
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-10-31', 92)).toBe('2028-01-31');
  });

  it('moves the reports due on or after the old end by as many days as the end moves', () => {
    expect(shiftReportsWithEnd(terms().reportsRequired, '2027-09-30', '2027-12-31')).toEqual([
      { kind: 'interim', dueOn: '2027-06-30' },
      { kind: 'final', dueOn: '2028-01-31' },
    ]);
  });
});

describe('amendTerms', () => {
  it('a budget move changes only the budget lines, never the amounts', () => {
    const current = terms();
    const next = amendTerms(current, 'budget_move', { moves: [move()] }, TODAY);
    expect(next.amounts).toEqual(current.amounts);
    expect(next.budgetLines).not.toEqual(current.budgetLines);
    expect({ ...next, budgetLines: null }).toEqual({ ...current, budgetLines: null });
  });

  it('an extension must end later; the due dates move with it or are given', () => {
    expect(
      ruleDetail(() => amendTerms(terms(), 'no_cost_extension', { endsOn: '2027-09-30' }, TODAY)),
    ).toBe('An extension must end after the current end date 2027-09-30; 2027-09-30 does not');
    const moved = amendTerms(terms(), 'no_cost_extension', { endsOn: '2027-12-31' }, TODAY);
    expect(moved.endsOn).toBe('2027-12-31');
    expect(moved.reportsRequired).toEqual([
      { kind: 'interim', dueOn: '2027-06-30' },
      { kind: 'final', dueOn: '2028-01-31' },
    ]);
    const given = amendTerms(
      terms(),
      'no_cost_extension',
      {
        endsOn: '2027-12-31',
        reportsRequired: [
          { kind: 'final', dueOn: '2028-02-15' },
          { kind: 'interim', dueOn: '2027-07-31' },
        ],
      },
      TODAY,
    );
    expect(given.reportsRequired).toEqual([
      { kind: 'final', dueOn: '2028-02-15' },
      { kind: 'interim', dueOn: '2027-07-31' },
    ]);
  });

  it('refuses given due dates in the past or naming other reports', () => {
    expect(
      ruleDetail(() =>
        amendTerms(
          terms(),
          'no_cost_extension',
          {
            endsOn: '2027-12-31',
            reportsRequired: [
              { kind: 'interim', dueOn: '2027-01-14' },
              { kind: 'final', dueOn: '2028-01-31' },
            ],
          },
          TODAY,
        ),
      ),
    ).toBe('The interim report cannot be due in the past (2027-01-14)');
    expect(
      ruleDetail(() =>
        amendTerms(
          terms(),
          'no_cost_extension',
          { endsOn: '2027-12-31', reportsRequired: [{ kind: 'final', dueOn: '2028-01-31' }] },
          TODAY,
        ),
      ),
    ).toMatch(/^The new report due dates must name the award’s reports \(final, interim\)/);
  });

  it('dates: the end not before the start; scope replaces the scope', () => {
    expect(ruleDetail(() => amendTerms(terms(), 'dates', { startsOn: '2027-10-01' }, TODAY))).toBe(
      'The project cannot end (2027-09-30) before it starts (2027-10-01)',
    );
    expect(amendTerms(terms(), 'dates', { startsOn: '2027-05-01' }, TODAY).startsOn).toBe(
      '2027-05-01',
    );
    expect(amendTerms(terms(), 'scope', { scope: { en: 'Wider' } }, TODAY).scope).toEqual({
      en: 'Wider',
    });
  });
});

describe('changesShapeErrors', () => {
  it('names fields a kind does not take and fields it needs', () => {
    expect(changesShapeErrors('budget_move', { moves: [move()] })).toEqual([]);
    expect(changesShapeErrors('budget_move', { endsOn: '2027-12-31' })).toEqual([
      { field: 'changes.endsOn', message: 'a budget_move amendment does not take endsOn' },
      { field: 'changes.moves', message: 'a budget_move amendment needs moves' },
    ]);
    expect(changesShapeErrors('dates', {})).toEqual([
      { field: 'changes', message: 'a dates amendment needs startsOn or endsOn' },
    ]);
    expect(changesShapeErrors('scope', { scope: { en: 'x' } })).toEqual([]);
  });
});
