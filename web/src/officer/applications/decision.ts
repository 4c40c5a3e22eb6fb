import type { TFunction } from 'i18next';
import type { Application } from '../../city/applications/data';
import { type Currency, formatMoney, MINOR_DIGITS, toMinor } from '../../money';
import type { DecisionBody, Outcome, RoundBudget } from './data';

/** One amount the office may award: a side and currency the application requested. */
export interface AwardSlot {
  side: 'JP' | 'US';
  currency: Currency;
  requestedMinor: number;
}

export const slotKey = (slot: Pick<AwardSlot, 'side' | 'currency'>) =>
  `${slot.side}:${slot.currency}`;

export const slotsOf = (application: Application): AwardSlot[] =>
  application.requested.map((r) => ({
    side: r.side,
    currency: r.currency,
    requestedMinor: r.amountMinor,
  }));

export interface DecisionValues {
  outcome: Outcome | '';
  /** Per slot key, the amount as typed in major units (`450,000`, `4,500.50`). */
  amounts: Record<string, string>;
  rationale: string;
}

/** Field errors by the form's field names: `outcome`, `rationale`, `awards`, a slot key. */
export type DecisionErrors = Record<string, string>;

export interface CheckedDecision {
  errors: DecisionErrors;
  body: DecisionBody | null;
  /** The slot each body award came from, to put the API's `awards.N.…` errors on its field. */
  slotOfAward: string[];
  /** Amounts past the round's remaining budget: warned, not refused (the API decides). */
  warnings: DecisionErrors;
}

/**
 * What the API checks of the body, checked first so the message is under the field at once: an
 * outcome, a rationale, for an approval at least one amount, each a positive amount of its
 * currency and at most the side's request. The remaining budget is only a warning: it moves with
 * every other decision, and the API's check under lock is the one that counts.
 */
export function checkDecision(
  values: DecisionValues,
  slots: AwardSlot[],
  budgets: RoundBudget[] | undefined,
  t: TFunction,
  language: string,
): CheckedDecision {
  const errors: DecisionErrors = {};
  const warnings: DecisionErrors = {};
  const rationale = values.rationale.trim();
  if (!values.outcome) errors.outcome = t('decisions:decision.errors.outcome');
  if (!rationale) errors.rationale = t('decisions:decision.errors.rationale');

  const awards: NonNullable<DecisionBody['awards']> = [];
  const slotOfAward: string[] = [];
  if (values.outcome === 'approved') {
    const totals = new Map<Currency, number>();
    for (const slot of slots) {
      const key = slotKey(slot);
      const text = (values.amounts[key] ?? '').trim();
      if (!text) continue;
      const minor = toMinor(text, slot.currency);
      if (minor === null) {
        errors[key] = t(
          MINOR_DIGITS[slot.currency]
            ? 'decisions:decision.errors.amountDecimal'
            : 'decisions:decision.errors.amountWhole',
        );
      } else if (minor < 1) {
        errors[key] = t('decisions:decision.errors.zero');
      } else if (minor > slot.requestedMinor) {
        errors[key] = t('decisions:decision.errors.overRequest', {
          requested: formatMoney(slot.requestedMinor, slot.currency, language),
        });
      } else {
        awards.push({ side: slot.side, currency: slot.currency, amountMinor: minor });
        slotOfAward.push(key);
        totals.set(slot.currency, (totals.get(slot.currency) ?? 0) + minor);
      }
    }
    if (awards.length === 0 && !slots.some((s) => errors[slotKey(s)])) {
      errors.awards = t('decisions:decision.errors.none');
    }
    for (const budget of budgets ?? []) {
      const total = totals.get(budget.currency) ?? 0;
      if (total <= budget.remainingMinor) continue;
      for (const key of slotOfAward.filter((k) => k.endsWith(`:${budget.currency}`))) {
        warnings[key] = t('decisions:decision.errors.overBudget', {
          currency: budget.currency,
          remaining: formatMoney(budget.remainingMinor, budget.currency, language),
        });
      }
    }
  }

  const valid = Object.keys(errors).length === 0 && values.outcome !== '';
  return {
    errors,
    warnings,
    slotOfAward,
    body: valid
      ? {
          outcome: values.outcome as Outcome,
          rationale,
          ...(values.outcome === 'approved' ? { awards } : {}),
        }
      : null,
  };
}

/** The API's field errors on the form's fields (`awards.1.amountMinor` → that award's slot). */
export function apiFieldErrors(
  errors: { field: string; message: string }[],
  slotOfAward: string[],
): DecisionErrors {
  const mapped: DecisionErrors = {};
  for (const { field, message } of errors) {
    const award = /^awards\.(\d+)\./.exec(field);
    const key = award ? (slotOfAward[Number(award[1])] ?? 'awards') : field.split('.')[0];
    mapped[key] ??= message;
  }
  return mapped;
}
