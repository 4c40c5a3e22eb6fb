import type { Currency } from '../../money';
import type { BudgetLine, SignedContent, Side } from './data';
import { totalsOf } from './form';

export const COMPARED_FIELDS = [
  'title.en',
  'title.ja',
  'summary.en',
  'summary.ja',
  'startsOn',
  'endsOn',
] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

export interface FieldChange {
  field: ComparedField;
  before?: string;
  after?: string;
}

export interface LineChange {
  kind: 'added' | 'removed' | 'changed';
  before?: BudgetLine;
  after?: BudgetLine;
}

export interface TotalChange {
  side: Side;
  currency: Currency;
  before: number;
  after: number;
}

export interface Comparison {
  fields: FieldChange[];
  lines: LineChange[];
  totals: TotalChange[];
}

type Content = Pick<SignedContent, 'title' | 'summary' | 'startsOn' | 'endsOn' | 'budgetLines'>;

function valueOf(content: Content, field: ComparedField): string | undefined {
  switch (field) {
    case 'title.en':
      return content.title.en;
    case 'title.ja':
      return content.title.ja;
    case 'summary.en':
      return content.summary.en;
    case 'summary.ja':
      return content.summary.ja;
    default:
      return content[field];
  }
}

const sameLine = (a: BudgetLine, b: BudgetLine) =>
  a.side === b.side &&
  a.category === b.category &&
  a.description === b.description &&
  a.currency === b.currency &&
  a.amountMinor === b.amountMinor;

/**
 * Lines have no identity, so they are paired: identical lines first (unchanged), then lines of the
 * same side that keep their category and description, their description, or their category
 * (changed); what is left was removed or added.
 */
function compareLines(before: BudgetLine[], after: BudgetLine[]): LineChange[] {
  const unusedBefore = new Set(before.map((_, i) => i));
  const partner = new Map<number, number>();
  const pair = (match: (a: BudgetLine, b: BudgetLine) => boolean) =>
    after.forEach((line, j) => {
      if (partner.has(j)) return;
      const i = [...unusedBefore].find((k) => match(before[k], line));
      if (i === undefined) return;
      unusedBefore.delete(i);
      partner.set(j, i);
    });
  pair(sameLine);
  pair((a, b) => a.side === b.side && a.category === b.category && a.description === b.description);
  pair((a, b) => a.side === b.side && a.description === b.description);
  pair((a, b) => a.side === b.side && a.category === b.category);

  const changes: LineChange[] = [];
  after.forEach((line, j) => {
    const i = partner.get(j);
    if (i === undefined) changes.push({ kind: 'added', after: line });
    else if (!sameLine(before[i], line))
      changes.push({ kind: 'changed', before: before[i], after: line });
  });
  for (const i of unusedBefore) changes.push({ kind: 'removed', before: before[i] });
  return changes;
}

function compareTotals(before: BudgetLine[], after: BudgetLine[]): TotalChange[] {
  const a = totalsOf(before).sums;
  const b = totalsOf(after).sums;
  const changes: TotalChange[] = [];
  for (const side of ['JP', 'US'] as const) {
    for (const currency of ['JPY', 'USD'] as const) {
      const key = `${side}:${currency}`;
      const was = a.get(key) ?? 0;
      const now = b.get(key) ?? 0;
      if (was !== now) changes.push({ side, currency, before: was, after: now });
    }
  }
  return changes;
}

/** What differs between the content a city signed and the content now, field by field. */
export function compare(before: Content, after: Content): Comparison {
  return {
    fields: COMPARED_FIELDS.flatMap((field) => {
      const was = valueOf(before, field);
      const now = valueOf(after, field);
      return was === now ? [] : [{ field, before: was, after: now }];
    }),
    lines: compareLines(before.budgetLines, after.budgetLines),
    totals: compareTotals(before.budgetLines, after.budgetLines),
  };
}

export const isEmpty = (c: Comparison) => !c.fields.length && !c.lines.length && !c.totals.length;
