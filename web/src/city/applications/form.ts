import type { TFunction } from 'i18next';
import { type Currency, formatMoney, MINOR_DIGITS, toMajorText, toMinor } from '../../money';
import type { Application, ApplicationBody, BudgetLine, Round, Side } from './data';
import { SIDES } from './data';

export const CURRENCIES: Currency[] = ['JPY', 'USD'];
export const SIDE_CURRENCY: Record<Side, Currency> = { JP: 'JPY', US: 'USD' };

/** A budget line as typed: the amount is the text of major units (`12,000`, `4,500.50`). */
export interface LineDraft {
  key: string;
  side: Side;
  category: string;
  description: string;
  currency: Currency;
  amount: string;
}

export interface FormValues {
  roundId: string;
  partnershipId: string;
  title: { en: string; ja: string };
  summary: { en: string; ja: string };
  startsOn: string;
  endsOn: string;
  lines: LineDraft[];
}

/** Messages by the API's field names (`title.en`, `budgetLines.0.amountMinor`, `budgetLines`). */
export type FieldErrors = Record<string, string>;

export const newLine = (side: Side): LineDraft => ({
  key: crypto.randomUUID(),
  side,
  category: '',
  description: '',
  currency: SIDE_CURRENCY[side],
  amount: '',
});

export const emptyForm = (roundId: string, partnershipId: string): FormValues => ({
  roundId,
  partnershipId,
  title: { en: '', ja: '' },
  summary: { en: '', ja: '' },
  startsOn: '',
  endsOn: '',
  lines: SIDES.map(newLine),
});

/** `1234567.5` → `1,234,567.5`: the digits as typed, grouped for reading. */
export function groupDigits(major: string): string {
  const [whole, fraction] = major.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

export const amountText = (minor: number, currency: Currency) =>
  groupDigits(toMajorText(minor, currency));

export function fromApplication(application: Application): FormValues {
  return {
    roundId: application.roundId,
    partnershipId: application.partnershipId,
    title: { en: application.title.en ?? '', ja: application.title.ja ?? '' },
    summary: { en: application.summary.en ?? '', ja: application.summary.ja ?? '' },
    startsOn: application.startsOn,
    endsOn: application.endsOn,
    lines: application.budgetLines.map((line) => ({
      key: crypto.randomUUID(),
      side: line.side,
      category: line.category,
      description: line.description,
      currency: line.currency,
      amount: amountText(line.amountMinor, line.currency),
    })),
  };
}

/** Only the languages given: the API refuses an empty string for either. */
function bilingual(text: { en: string; ja: string }) {
  const en = text.en.trim();
  const ja = text.ja.trim();
  return { ...(en ? { en } : {}), ...(ja ? { ja } : {}) };
}

export interface Totals {
  /** `${side}:${currency}` and `total:${currency}` → minor units. */
  sums: Map<string, number>;
  currencies: Currency[];
}

export function totalsOf(lines: Pick<BudgetLine, 'side' | 'currency' | 'amountMinor'>[]): Totals {
  const sums = new Map<string, number>();
  const add = (key: string, minor: number) => sums.set(key, (sums.get(key) ?? 0) + minor);
  for (const line of lines) {
    add(`${line.side}:${line.currency}`, line.amountMinor);
    add(`total:${line.currency}`, line.amountMinor);
  }
  return { sums, currencies: CURRENCIES.filter((c) => sums.has(`total:${c}`)) };
}

/** The lines whose amount reads as minor units, for subtotals while the user types. */
export const parsedLines = (lines: LineDraft[]) =>
  lines.flatMap((line) => {
    const amountMinor = toMinor(line.amount, line.currency);
    return amountMinor === null ? [] : [{ ...line, amountMinor }];
  });

export interface Checked {
  errors: FieldErrors;
  body: ApplicationBody | null;
}

/**
 * What the API will check, checked first so the user sees it on the field at once: a title and
 * a summary in at least one language, the dates, each line complete with an amount of its
 * currency, and the round's maximum award per side and in total.
 */
export function check(
  values: FormValues,
  round: Round | undefined,
  t: TFunction,
  language: string,
): Checked {
  const errors: FieldErrors = {};
  const title = bilingual(values.title);
  const summary = bilingual(values.summary);
  if (!title.en && !title.ja) {
    errors['title.en'] = errors['title.ja'] = t('applications:form.errors.titleRequired');
  }
  if (!summary.en && !summary.ja) {
    errors['summary.en'] = errors['summary.ja'] = t('applications:form.errors.summaryRequired');
  }
  if (!values.roundId) errors.roundId = t('applications:form.errors.required');
  if (!values.partnershipId) errors.partnershipId = t('applications:form.errors.required');
  // A date input lets a year of five digits through; the API takes YYYY-MM-DD only.
  for (const field of ['startsOn', 'endsOn'] as const) {
    if (!values[field]) errors[field] = t('applications:form.errors.required');
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(values[field])) {
      errors[field] = t('applications:form.errors.date');
    }
  }
  if (!errors.startsOn && !errors.endsOn && values.endsOn < values.startsOn) {
    errors.endsOn = t('applications:form.errors.endsBeforeStart');
  }
  if (values.lines.length === 0) errors.budgetLines = t('applications:form.errors.noLines');

  const lines: BudgetLine[] = [];
  values.lines.forEach((line, index) => {
    const field = (name: string) => `budgetLines.${index}.${name}`;
    if (!line.category.trim()) errors[field('category')] = t('applications:form.errors.required');
    if (!line.description.trim()) {
      errors[field('description')] = t('applications:form.errors.required');
    }
    const amountMinor = toMinor(line.amount, line.currency);
    if (!line.amount.trim()) errors[field('amountMinor')] = t('applications:form.errors.required');
    else if (amountMinor === null) {
      errors[field('amountMinor')] = t(
        MINOR_DIGITS[line.currency]
          ? 'applications:form.errors.amountDecimal'
          : 'applications:form.errors.amountWhole',
        { currency: line.currency },
      );
    } else if (amountMinor < 1) errors[field('amountMinor')] = t('applications:form.errors.zero');
    lines.push({
      side: line.side,
      category: line.category.trim(),
      description: line.description.trim(),
      currency: line.currency,
      amountMinor: amountMinor ?? 0,
    });
  });

  const overMaximum =
    round && !Object.keys(errors).length ? checkMaximum(lines, round, t, language) : null;
  if (overMaximum) errors.budgetLines = overMaximum;
  if (Object.keys(errors).length) return { errors, body: null };
  return {
    errors,
    body: {
      roundId: values.roundId,
      partnershipId: values.partnershipId,
      title,
      summary,
      startsOn: values.startsOn,
      endsOn: values.endsOn,
      budgetLines: lines,
    },
  };
}

/** The round's maximum award bounds each side's request and the total, per currency. */
function checkMaximum(
  lines: BudgetLine[],
  round: Round,
  t: TFunction,
  language: string,
): string | null {
  const maximum = new Map(round.maxAward.map((m) => [m.currency, m.amountMinor]));
  const { sums, currencies } = totalsOf(lines);
  const money = (minor: number, currency: Currency) => formatMoney(minor, currency, language);
  for (const currency of currencies) {
    const cap = maximum.get(currency);
    if (cap === undefined) return t('applications:form.errors.currencyNotFunded', { currency });
    for (const key of [...SIDES, 'total'] as const) {
      const sum = sums.get(`${key}:${currency}`) ?? 0;
      if (sum > cap) {
        return t('applications:form.errors.overMaximum', {
          amount: money(sum, currency),
          maximum: money(cap, currency),
        });
      }
    }
  }
  return null;
}

/** Whether the form says what the application already says (saving it would only drop signatures). */
export function sameContent(body: ApplicationBody, application: Application): boolean {
  const content = (
    c: Pick<Application, 'title' | 'summary' | 'startsOn' | 'endsOn' | 'budgetLines'>,
  ) =>
    JSON.stringify([
      [c.title.en, c.title.ja],
      [c.summary.en, c.summary.ja],
      c.startsOn,
      c.endsOn,
      c.budgetLines.map((l) => [l.side, l.category, l.description, l.currency, l.amountMinor]),
    ]);
  return content(body) === content(application);
}
