import type { TFunction } from 'i18next';
import { ApiProblem } from '../../api/client';
import { type Currency, formatMoney, MINOR_DIGITS, toMajorText, toMinor } from '../../money';
import type { ReportKind, Round, RoundBody, TrancheRelease } from './data';

export const CURRENCIES: Currency[] = ['JPY', 'USD'];
/** The API's pattern for codes and keys: 1–40 letters, digits, `_` or `-`. */
export const KEY_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
const MAX_CRITERIA = 20;

/** A rubric criterion as typed; `key` is kept from the round (reviews score by it) or derived. */
export interface CriterionDraft {
  id: string;
  key: string | null;
  label: { en: string; ja: string };
  weight: string;
  maxScore: string;
}

export interface TrancheDraft {
  id: string;
  key: string;
  percent: string;
  releaseOn: TrancheRelease;
}

export interface ReportDraft {
  id: string;
  kind: ReportKind;
  dueOn: string;
}

/** Budget and maximum award of one currency, as the text of major units (`15,000,000`). */
export interface MoneyDraft {
  budget: string;
  maxAward: string;
}

export interface FormValues {
  code: string;
  title: { en: string; ja: string };
  /** The wall clock of Japan (JST, no daylight saving): `2026-12-01T09:00`. */
  opensAt: string;
  closesAt: string;
  money: Record<Currency, MoneyDraft>;
  rubric: CriterionDraft[];
  reviewersPerApplication: string;
  tranches: TrancheDraft[];
  reports: ReportDraft[];
}

/**
 * Messages by field: the API's names where it has one (`code`, `title.en`, `opensAt`,
 * `rubric.0.weight` …), and the form's own for a currency (`money.JPY.budget`).
 */
export type FieldErrors = Record<string, string>;

const newId = () => crypto.randomUUID();

export const newCriterion = (): CriterionDraft => ({
  id: newId(),
  key: null,
  label: { en: '', ja: '' },
  weight: '1',
  maxScore: '5',
});
export const newTranche = (): TrancheDraft => ({
  id: newId(),
  key: '',
  percent: '',
  releaseOn: 'award',
});
export const newReport = (): ReportDraft => ({ id: newId(), kind: 'final', dueOn: '' });

export const emptyForm = (): FormValues => ({
  code: '',
  title: { en: '', ja: '' },
  opensAt: '',
  closesAt: '',
  money: { JPY: { budget: '', maxAward: '' }, USD: { budget: '', maxAward: '' } },
  rubric: [newCriterion()],
  reviewersPerApplication: '3',
  tranches: [
    { id: newId(), key: 'first', percent: '50', releaseOn: 'award' },
    { id: newId(), key: 'final', percent: '50', releaseOn: 'final_report_accepted' },
  ],
  reports: [newReport()],
});

/** `1234567.5` → `1,234,567.5`: the digits as typed, grouped for reading. */
function groupDigits(major: string): string {
  const [whole, fraction] = major.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

export const amountText = (minor: number, currency: Currency) =>
  groupDigits(toMajorText(minor, currency));

/** Japan keeps +09:00 all year, so its wall clock converts to an instant without a zone table. */
const JST_OFFSET_MS = 9 * 3600_000;

/** An instant (`…Z`) as the value of a `datetime-local` input on Japan's wall clock. */
export const toJapanWallClock = (iso: string) =>
  new Date(Date.parse(iso) + JST_OFFSET_MS).toISOString().slice(0, 16);

/** `2026-12-01T09:00` on Japan's wall clock as the instant the API takes; null if not a time. */
export function fromJapanWallClock(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const instant = `${value}:00+09:00`;
  return Number.isNaN(Date.parse(instant)) ? null : instant;
}

export function fromRound(round: Round): FormValues {
  const money = (currency: Currency): MoneyDraft => {
    const budget = round.budgets.find((b) => b.currency === currency);
    const maximum = round.maxAward.find((m) => m.currency === currency);
    return {
      budget: budget ? amountText(budget.amountMinor, currency) : '',
      maxAward: maximum ? amountText(maximum.amountMinor, currency) : '',
    };
  };
  return {
    code: round.code,
    title: { en: round.title.en ?? '', ja: round.title.ja ?? '' },
    opensAt: toJapanWallClock(round.opensAt),
    closesAt: toJapanWallClock(round.closesAt),
    money: { JPY: money('JPY'), USD: money('USD') },
    rubric: round.rubric.map((c) => ({
      id: newId(),
      key: c.key,
      label: { en: c.label.en ?? '', ja: c.label.ja ?? '' },
      weight: String(c.weight),
      maxScore: String(c.maxScore),
    })),
    reviewersPerApplication: String(round.reviewersPerApplication),
    tranches: round.trancheSchedule.map((t) => ({
      id: newId(),
      key: t.key,
      percent: String(t.percent),
      releaseOn: t.releaseOn,
    })),
    reports: round.reportsRequired.map((r) => ({ id: newId(), kind: r.kind, dueOn: r.dueOn })),
  };
}

/** Only the languages given: the API refuses an empty string for either. */
function bilingual(text: { en: string; ja: string }) {
  const en = text.en.trim();
  const ja = text.ja.trim();
  return { ...(en ? { en } : {}), ...(ja ? { ja } : {}) };
}

/** A whole number typed in either width (`５` is 5), within the API's range; else null. */
export function wholeNumber(text: string, min: number, max: number): number | null {
  const normalized = text.normalize('NFKC').trim();
  if (!/^\d+$/.test(normalized)) return null;
  const value = Number(normalized);
  return value >= min && value <= max ? value : null;
}

/**
 * A criterion's key (reviews are scored by it): kept when the round had it, else the English
 * label in lower case with dashes (`Cultural impact` → `cultural-impact`), else `criterion-N`;
 * never the same as another criterion's.
 */
export function criterionKeys(rubric: CriterionDraft[]): string[] {
  const taken = new Set(rubric.flatMap((c) => (c.key ? [c.key] : [])));
  return rubric.map((criterion, index) => {
    if (criterion.key) return criterion.key;
    const slug = criterion.label.en
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 32);
    const base = slug || `criterion-${index + 1}`;
    let key = base;
    for (let n = 2; taken.has(key); n += 1) key = `${base}-${n}`;
    taken.add(key);
    return key;
  });
}

export const percentSum = (tranches: TrancheDraft[]) =>
  tranches.reduce((sum, t) => sum + (wholeNumber(t.percent, 1, 100) ?? 0), 0);

export interface Checked {
  errors: FieldErrors;
  body: RoundBody | null;
}

/**
 * What the API checks on a draft, checked first so the officer sees it on the field at once, in
 * their language. Completeness (a rubric, tranches summing to 100 …) is not required of a draft:
 * opening the round checks it.
 */
export function check(values: FormValues, t: TFunction, language: string): Checked {
  const errors: FieldErrors = {};
  const e = (key: string, options?: Record<string, unknown>) =>
    t(`rounds:form.errors.${key}`, options);

  const code = values.code.trim();
  if (!code) errors.code = e('required');
  else if (!KEY_PATTERN.test(code)) errors.code = e('code');

  const title = bilingual(values.title);
  if (!title.en && !title.ja) errors['title.en'] = e('oneLanguage');

  const opensAt = fromJapanWallClock(values.opensAt);
  const closesAt = fromJapanWallClock(values.closesAt);
  if (!opensAt) errors.opensAt = e(values.opensAt ? 'dateTime' : 'required');
  if (!closesAt) errors.closesAt = e(values.closesAt ? 'dateTime' : 'required');
  else if (opensAt && Date.parse(closesAt) <= Date.parse(opensAt)) {
    errors.closesAt = e('closesBeforeOpens');
  }

  const budgets: { currency: Currency; amountMinor: number }[] = [];
  const maxAward: { currency: Currency; amountMinor: number }[] = [];
  for (const currency of CURRENCIES) {
    const draft = values.money[currency];
    if (!draft.budget.trim() && !draft.maxAward.trim()) continue;
    const amount = (text: string, field: string) => {
      if (!text.trim()) {
        errors[field] = e('required');
        return null;
      }
      const minor = toMinor(text, currency);
      if (minor === null) {
        errors[field] = e(MINOR_DIGITS[currency] ? 'amountDecimal' : 'amountWhole', { currency });
      } else if (minor < 1) errors[field] = e('zero');
      return minor !== null && minor >= 1 ? minor : null;
    };
    const budget = amount(draft.budget, `money.${currency}.budget`);
    const maximum = amount(draft.maxAward, `money.${currency}.maxAward`);
    if (budget !== null && maximum !== null && maximum > budget) {
      errors[`money.${currency}.maxAward`] = e('overBudget', {
        budget: formatMoney(budget, currency, language),
      });
    }
    if (budget !== null && maximum !== null) {
      budgets.push({ currency, amountMinor: budget });
      maxAward.push({ currency, amountMinor: maximum });
    }
  }

  if (values.rubric.length > MAX_CRITERIA) errors.rubric = e('tooMany', { max: MAX_CRITERIA });
  const keys = criterionKeys(values.rubric);
  const rubric = values.rubric.map((criterion, index) => {
    const field = (name: string) => `rubric.${index}.${name}`;
    const label = bilingual(criterion.label);
    if (!label.en && !label.ja) errors[field('label.en')] = e('oneLanguage');
    const weight = wholeNumber(criterion.weight, 1, 100);
    if (weight === null) errors[field('weight')] = e('range', { min: 1, max: 100 });
    const maxScore = wholeNumber(criterion.maxScore, 1, 100);
    if (maxScore === null) errors[field('maxScore')] = e('range', { min: 1, max: 100 });
    return { key: keys[index], label, weight: weight ?? 0, maxScore: maxScore ?? 0 };
  });

  const reviewers = wholeNumber(values.reviewersPerApplication, 1, 10);
  if (reviewers === null) errors.reviewersPerApplication = e('range', { min: 1, max: 10 });

  const seen = new Set<string>();
  const trancheSchedule = values.tranches.map((tranche, index) => {
    const field = (name: string) => `trancheSchedule.${index}.${name}`;
    const key = tranche.key.trim();
    if (!key) errors[field('key')] = e('required');
    else if (!KEY_PATTERN.test(key)) errors[field('key')] = e('key');
    else if (seen.has(key)) errors[field('key')] = e('duplicateKey');
    seen.add(key);
    const percent = wholeNumber(tranche.percent, 1, 100);
    if (percent === null) errors[field('percent')] = e('range', { min: 1, max: 100 });
    return { key, percent: percent ?? 0, releaseOn: tranche.releaseOn };
  });

  const reportsRequired = values.reports.map((report, index) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(report.dueOn)) {
      errors[`reportsRequired.${index}.dueOn`] = e(report.dueOn ? 'date' : 'required');
    }
    return { kind: report.kind, dueOn: report.dueOn };
  });

  if (Object.keys(errors).length || !opensAt || !closesAt || reviewers === null) {
    return { errors, body: null };
  }
  return {
    errors,
    body: {
      code,
      title,
      opensAt,
      closesAt,
      budgets,
      maxAward,
      rubric,
      reviewersPerApplication: reviewers,
      trancheSchedule,
      reportsRequired,
    },
  };
}

const KNOWN_FIELD =
  /^(?:code|title\.(?:en|ja)|opensAt|closesAt|reviewersPerApplication|rubric\.\d+\.(?:label\.(?:en|ja)|weight|maxScore)|trancheSchedule\.\d+\.(?:key|percent|releaseOn)|reportsRequired\.\d+\.(?:kind|dueOn))$/;

/**
 * The API's field errors on this form's fields. A budget's (`budgets.1.amountMinor`) is put on
 * its currency's input, found through the body that was sent; `unmapped` when one names no input.
 */
export function fieldErrorsOf(
  problem: ApiProblem,
  body: RoundBody,
): { errors: FieldErrors; unmapped: boolean } {
  const errors: FieldErrors = {};
  let unmapped = false;
  for (const { field, message } of problem.errors) {
    const money = /^(budgets|maxAward)\.(\d+)\.amountMinor$/.exec(field);
    const currency = money
      ? (money[1] === 'budgets' ? body.budgets : body.maxAward)?.[Number(money[2])]?.currency
      : undefined;
    const known = currency
      ? `money.${currency}.${money![1] === 'budgets' ? 'budget' : 'maxAward'}`
      : KNOWN_FIELD.test(field)
        ? field
        : field === 'title'
          ? 'title.en'
          : /^rubric\.\d+\.label$/.test(field)
            ? `${field}.en`
            : null;
    // One message per field: the first rule it breaks.
    if (known) errors[known] ??= message;
    else unmapped = true;
  }
  return { errors, unmapped };
}
