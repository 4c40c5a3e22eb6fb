import type { Schemas } from '../../api/client';

/** A `{en, ja}` text in the user's language, else in the one the author gave. */
export function localized(text: { en?: string; ja?: string }, language: string): string {
  const [first, second] = language === 'ja' ? [text.ja, text.en] : [text.en, text.ja];
  return first || second || '';
}

/** The totals per currency in the order of the award's lines (each side's currency in turn). */
export function totalsInLineOrder<T extends { currency: string }>(
  lines: { currency: string }[],
  totals: T[],
): T[] {
  const rank = (currency: string) => {
    const index = lines.findIndex((line) => line.currency === currency);
    return index < 0 ? lines.length : index;
  };
  return [...totals].sort((a, b) => rank(a.currency) - rank(b.currency));
}

/** Which side of the award the user's city is on. */
export function sideOf(
  cityId: string | null | undefined,
  award: Pick<Schemas['AwardResponse'], 'jpCityId' | 'usCityId'>,
): 'JP' | 'US' | undefined {
  if (cityId === award.jpCityId) return 'JP';
  return cityId === award.usCityId ? 'US' : undefined;
}
