import reports from '../../web/src/i18n/catalogs/reports';
import { type Currency, formatMoney as money } from '../../web/src/money';
import type { Language } from './browser';

/**
 * The rows a grantee report's expense comparison shows in `language`, sorted: per currency (each
 * side's award in its own, never a yen-and-dollar sum) awarded, spent, remaining, within budget.
 */
export function comparisonRows(
  language: Language,
  lines: { currency: Currency; awarded: number; spent: number }[],
): string[][] {
  const r = reports[language];
  return lines
    .map(({ currency, awarded, spent }) => [
      r.currency[currency],
      money(awarded, currency, language),
      money(spent, currency, language),
      money(awarded - spent, currency, language),
      r.comparison.within,
    ])
    .sort();
}
