import type { Schemas } from '../../api/client';
import { type Currency, toMajorText, toMinor } from '../../money';

export type Expense = Schemas['ExpenseDto'];

/** An expense line as the user edits it: the amount is the text typed, in yen or dollars. */
export interface ExpenseDraft {
  key: string;
  category: string;
  description: string;
  amount: string;
  currency: Currency;
}

export type ExpenseField = 'category' | 'description' | 'amountMinor' | 'currency';
/** Problems of the lines, by line index and field: the portal's own checks and the API's. */
export type ExpenseErrors = Record<number, Partial<Record<ExpenseField, string>>>;

export const CATEGORY_MAX = 60;
export const DESCRIPTION_MAX = 500;

export const emptyExpense = (currency: Currency): ExpenseDraft => ({
  key: crypto.randomUUID(),
  category: '',
  description: '',
  amount: '',
  currency,
});

export const draftsOf = (expenses: Expense[]): ExpenseDraft[] =>
  expenses.map((e) => ({
    key: crypto.randomUUID(),
    category: e.category,
    description: e.description,
    amount: toMajorText(e.amountMinor, e.currency),
    currency: e.currency,
  }));

/** An untouched blank line is not an expense: it is left out of what is sent. */
const isBlank = (d: ExpenseDraft) =>
  !d.category.trim() && !d.description.trim() && !d.amount.trim();

/**
 * The lines as the API takes them (integer minor units) with the index of each line sent, or the
 * problems found; `message` words a key of the `reports` catalog.
 */
export function expensesOf(
  drafts: ExpenseDraft[],
  message: (key: string) => string,
):
  | { expenses: Expense[]; sent: number[]; errors: null }
  | { expenses: null; sent: number[]; errors: ExpenseErrors } {
  const errors: ExpenseErrors = {};
  const expenses: Expense[] = [];
  const sent: number[] = [];
  drafts.forEach((draft, index) => {
    if (isBlank(draft)) return;
    const category = draft.category.trim();
    const amountMinor = toMinor(draft.amount, draft.currency);
    const problems: Partial<Record<ExpenseField, string>> = {};
    if (!category) problems.category = message('reports:errors.required');
    else if (category.length > CATEGORY_MAX) {
      problems.category = message('reports:errors.categoryTooLong');
    }
    if (draft.description.length > DESCRIPTION_MAX) {
      problems.description = message('reports:errors.descriptionTooLong');
    }
    if (amountMinor === null || amountMinor < 1) {
      problems.amountMinor = message(`reports:errors.amount.${draft.currency}`);
    }
    if (Object.keys(problems).length) errors[index] = problems;
    sent.push(index);
    expenses.push({
      category,
      description: draft.description.trim(),
      amountMinor: amountMinor ?? 0,
      currency: draft.currency,
    });
  });
  return Object.keys(errors).length
    ? { expenses: null, sent, errors }
    : { expenses, sent, errors: null };
}

/** The API's field errors (`expenses.2.amountMinor`) by the form's line; `sent` maps the index. */
export function apiExpenseErrors(
  errors: { field: string; message: string }[],
  sent: number[],
): ExpenseErrors {
  const byLine: ExpenseErrors = {};
  for (const { field, message } of errors) {
    const match = /^expenses\.(\d+)\.(category|description|amountMinor|currency)$/.exec(field);
    const line = match ? sent[Number(match[1])] : undefined;
    if (!match || line === undefined) continue;
    byLine[line] = { ...byLine[line], [match[2] as ExpenseField]: message };
  }
  return byLine;
}

/** What the lines add up to in each currency, kept apart (yen and dollars are never added). */
export function totalsOf(drafts: ExpenseDraft[]): { currency: Currency; minor: number }[] {
  const sums = new Map<Currency, number>();
  for (const draft of drafts) {
    const minor = toMinor(draft.amount, draft.currency);
    if (minor !== null) sums.set(draft.currency, (sums.get(draft.currency) ?? 0) + minor);
  }
  return [...sums].map(([currency, minor]) => ({ currency, minor }));
}

/** The lines the user filled in at all. */
export const filledLines = (drafts: ExpenseDraft[]) => drafts.filter((d) => !isBlank(d));
