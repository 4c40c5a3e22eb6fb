/** The zone every Japanese city shares. */
export const JAPAN_TIME_ZONE = 'Asia/Tokyo';

/** The zone of the user's own device: where an instant is shown when no city's zone applies. */
export const DEVICE_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * An instant as the wall clock of `timeZone` shows it, in the user's language, with the zone:
 * `Dec 6, 2026, 2:41 PM PST` / `2026年12月6日 14:41 JST`.
 */
export function formatInstant(iso: string, timeZone: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-US', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** A calendar date (`2027-04-01`) in the user's language, without moving it across zones. */
export function formatDate(date: string, language: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-US', {
    dateStyle: 'medium',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, month - 1, day)));
}
