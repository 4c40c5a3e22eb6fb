import type { FieldError } from '../common/errors/app-error';

export const COUNTRIES = ['JP', 'US'] as const;
export type Country = (typeof COUNTRIES)[number];

/** Every Japanese municipality keeps Japan Standard Time. */
export const JAPAN_TIME_ZONE = 'Asia/Tokyo';

/** ISO 3166-2:JP: the 47 prefectures, JP-01 (Hokkaido) to JP-47 (Okinawa). */
const JP_REGIONS = Array.from({ length: 47 }, (_, i) => `JP-${String(i + 1).padStart(2, '0')}`);

/** ISO 3166-2:US: the 50 states and the District of Columbia. */
// prettier-ignore
const US_REGIONS = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA',
  'KS', 'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM',
  'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA',
  'WV', 'WI', 'WY',
].map((code) => `US-${code}`);

const KNOWN_REGIONS = new Set([...JP_REGIONS, ...US_REGIONS]);

/** IANA areas a US municipality's zone lies in (America/Chicago, Pacific/Honolulu, US/Eastern…). */
const US_TIME_ZONE_AREAS = ['America', 'Pacific', 'US'];

/** The IANA zone as the runtime names it, or null when it is no zone (`Mars/Base`, `+09:00`). */
export function ianaTimeZone(timezone: string): string | null {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$/.test(timezone)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export interface Place {
  country: Country;
  region: string;
  timezone: string;
}

/**
 * What is wrong with where a city says it is (SPEC §5.1): the region must be a known ISO 3166-2
 * code of the city's own country, the zone a real IANA zone of that country. Empty when all is well.
 */
export function placeErrors(place: Place): FieldError[] {
  const errors: FieldError[] = [];
  if (!KNOWN_REGIONS.has(place.region)) {
    errors.push({ field: 'region', message: `unknown region code ${place.region}` });
  } else if (!place.region.startsWith(`${place.country}-`)) {
    errors.push({
      field: 'region',
      message: `region ${place.region} is not in ${place.country} (expected ${place.country}-*)`,
    });
  }
  const zone = ianaTimeZone(place.timezone);
  if (!zone) {
    errors.push({ field: 'timezone', message: `bad time zone ${place.timezone}` });
  } else if (place.country === 'JP' && zone !== JAPAN_TIME_ZONE) {
    errors.push({ field: 'timezone', message: `a JP city is in ${JAPAN_TIME_ZONE}, not ${zone}` });
  } else if (place.country === 'US' && !US_TIME_ZONE_AREAS.includes(zone.split('/')[0])) {
    errors.push({ field: 'timezone', message: `${zone} is not a US time zone` });
  }
  return errors;
}
