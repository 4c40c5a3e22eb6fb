import { JAPAN_TIME_ZONE } from '../../time';
import type { City, Partnership, Side } from './data';

export type Language = 'en' | 'ja';
export type Bilingual = { en?: string; ja?: string };

const asLanguage = (language: string): Language => (language === 'ja' ? 'ja' : 'en');

/** The text in the user's language, else in the other one, with the language it is in. */
export function pickText(text: Bilingual, language: string): { text: string; lang: Language } {
  const first = asLanguage(language);
  const second: Language = first === 'ja' ? 'en' : 'ja';
  return text[first]
    ? { text: text[first], lang: first }
    : { text: text[second] ?? '', lang: second };
}

export const cityName = (city: City, language: string) => pickText(city.name, language).text;

export const cityOfSide = (partnership: Partnership, side: Side) =>
  side === 'JP' ? partnership.jpCity : partnership.usCity;

/** The side a user of `cityId` signs for, or null when the city is in neither. */
export function sideOf(
  cities: { jpCityId: string; usCityId: string },
  cityId: string | null | undefined,
): Side | null {
  if (cityId === cities.jpCityId) return 'JP';
  if (cityId === cities.usCityId) return 'US';
  return null;
}

export const otherSide = (side: Side): Side => (side === 'JP' ? 'US' : 'JP');

/** The other city of a partnership, seen from the user's city. */
export function partnerOf(partnership: Partnership, cityId: string | null | undefined): City {
  return partnership.jpCity.id === cityId ? partnership.usCity : partnership.jpCity;
}

/** The zone of the user's own city: their wall clock for times of their own actions. */
export const ownTimeZone = (
  partnership: Partnership | undefined,
  cityId: string | null | undefined,
) =>
  partnership && partnership.usCity.id === cityId ? partnership.usCity.timezone : JAPAN_TIME_ZONE;
