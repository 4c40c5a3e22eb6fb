import type { TFunction } from 'i18next';
import { type Currency, toMinor } from '../../../money';
import type { AmendmentKind, AmendmentRequest } from './queries';

/** One budget move as typed: the amount as text in major units. */
export interface MoveValues {
  fromCategory: string;
  toCategory: string;
  amount: string;
}

export const EMPTY_MOVE: MoveValues = { fromCategory: '', toCategory: '', amount: '' };

/** The API's limit on the moves of one request (AmendmentChangesDto.moves). */
export const MAX_MOVES = 20;

/** The request form as typed: amounts as text in major units, dates as `YYYY-MM-DD`. */
export interface RequestValues {
  kind: AmendmentKind;
  /** budget_move: applied in order, as the API applies them. */
  moves: MoveValues[];
  startsOn: string;
  endsOn: string;
  scope: { en: string; ja: string };
  reason: { en: string; ja: string };
}

export const EMPTY: RequestValues = {
  kind: 'budget_move',
  moves: [EMPTY_MOVE],
  startsOn: '',
  endsOn: '',
  scope: { en: '', ja: '' },
  reason: { en: '', ja: '' },
};

/** One category of a side's budget, in minor units of the side's currency. */
export interface CategoryAmount {
  category: string;
  amountMinor: number;
}

/**
 * The side's categories as they stand before move `index`: the version in force with the moves
 * above it applied in order, as the API applies them, so a later move can take from what an
 * earlier one created. A move the API would refuse (no valid amount, an unknown category, more
 * than the category holds, the same category) changes nothing here; the API says why.
 */
export function categoriesBefore(
  lines: readonly CategoryAmount[],
  moves: readonly MoveValues[],
  index: number,
  currency: Currency,
): CategoryAmount[] {
  const amounts = new Map(lines.map((line) => [line.category, line.amountMinor]));
  for (const move of moves.slice(0, index)) {
    const from = move.fromCategory.trim();
    const to = move.toCategory.trim();
    const amount = toMinor(move.amount, currency);
    const available = amounts.get(from);
    if (!amount || available === undefined || !to || to === from || amount > available) continue;
    amounts.set(from, available - amount);
    amounts.set(to, (amounts.get(to) ?? 0) + amount);
  }
  return [...amounts].map(([category, amountMinor]) => ({ category, amountMinor }));
}

/** A move's field as the form names it, e.g. `moves.1.amount`. */
export const moveField = (index: number, field: keyof MoveValues) => `moves.${index}.${field}`;

const MOVE_FIELDS = ['fromCategory', 'toCategory', 'amount'] as const;

/** The form's fields in the order they are shown: the first one in error takes the focus. */
export const fieldOrder = (values: RequestValues): string[] => [
  ...values.moves.flatMap((_, index) => MOVE_FIELDS.map((field) => moveField(index, field))),
  'startsOn',
  'endsOn',
  'scope',
  'reason',
];

export type RequestErrors = Partial<Record<string, string>>;

/** A `{en, ja}` text as the API takes it: the languages written, trimmed (at least one). */
function bilingual(text: { en: string; ja: string }): { en?: string; ja?: string } | null {
  const en = text.en.trim();
  const ja = text.ja.trim();
  if (!en && !ja) return null;
  return { ...(en ? { en } : {}), ...(ja ? { ja } : {}) };
}

/**
 * The request body, or the errors to show under the fields. Only what the page can tell is
 * checked here (filled in, an amount of the side's currency); the rules of the award (a move
 * larger than its category, an extension that does not extend) are the API's to judge.
 */
export function checkRequest(
  values: RequestValues,
  budget: { side: 'JP' | 'US'; currency: Currency } | undefined,
  t: TFunction,
): { body?: AmendmentRequest; errors: RequestErrors } {
  const errors: RequestErrors = {};
  const required = t('amendments:form.required');
  const reason = bilingual(values.reason);
  if (!reason) errors.reason = t('amendments:form.needText');
  let changes: AmendmentRequest['changes'] = {};
  switch (values.kind) {
    case 'budget_move': {
      if (!budget) break;
      const moves = values.moves.map((move, index) => {
        const from = move.fromCategory.trim();
        const to = move.toCategory.trim();
        if (!from) errors[moveField(index, 'fromCategory')] = required;
        if (!to) errors[moveField(index, 'toCategory')] = required;
        else if (to === from)
          errors[moveField(index, 'toCategory')] = t('amendments:form.pickOther');
        const amountMinor = toMinor(move.amount, budget.currency);
        if (!amountMinor) {
          errors[moveField(index, 'amount')] = t('amendments:form.badAmount', {
            currency: budget.currency,
          });
        }
        return {
          side: budget.side,
          currency: budget.currency,
          fromCategory: from,
          toCategory: to,
          amountMinor: amountMinor ?? 0,
        };
      });
      changes = { moves };
      break;
    }
    case 'no_cost_extension':
      if (!values.endsOn) errors.endsOn = required;
      changes = { endsOn: values.endsOn };
      break;
    case 'dates':
      if (!values.startsOn && !values.endsOn) errors.startsOn = t('amendments:form.needDate');
      changes = {
        ...(values.startsOn ? { startsOn: values.startsOn } : {}),
        ...(values.endsOn ? { endsOn: values.endsOn } : {}),
      };
      break;
    case 'scope': {
      const scope = bilingual(values.scope);
      if (!scope) errors.scope = t('amendments:form.needText');
      changes = { scope: scope ?? {} };
      break;
    }
  }
  if (Object.keys(errors).length || !reason) return { errors };
  return { body: { kind: values.kind, changes, reason }, errors };
}

/** The API's field (`changes.moves.1.amountMinor`, `reason.en` …) as the form's field. */
export function formField(apiField: string): string {
  if (apiField.startsWith('reason')) return 'reason';
  if (apiField.startsWith('changes.scope')) return 'scope';
  const move = /^changes\.moves\.(\d+)\.(\w+)$/.exec(apiField);
  if (move) return `moves.${move[1]}.${move[2] === 'amountMinor' ? 'amount' : move[2]}`;
  return apiField.replace(/^changes\./, '');
}

/** The API's field errors under the form's fields (the first message of each). */
export function apiFieldErrors(errors: { field: string; message: string }[]): RequestErrors {
  const mapped: RequestErrors = {};
  for (const { field, message } of errors) mapped[formField(field)] ??= message;
  return mapped;
}
