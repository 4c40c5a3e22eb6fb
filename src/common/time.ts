/** The zone every Japanese city shares (JST, UTC+9, no daylight saving time). */
export const JAPAN_TIME_ZONE = 'Asia/Tokyo';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether the runtime's time-zone database knows `timeZone` (an IANA name). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const pad = (value: number, width = 2) => String(Math.abs(value)).padStart(width, '0');

/**
 * `instant` as the wall clock of `timeZone` shows it, with that instant's UTC offset:
 * `2026-12-01T09:00:00+09:00`. Milliseconds appear only when the instant has them. The offset is
 * the difference between the wall clock read as if it were UTC and the instant itself, so
 * daylight saving time comes from the runtime's zone database, not from rules of our own.
 */
export function renderInZone(instant: Date, timeZone: string): string {
  // The same few instants (a round's deadline) are rendered over and over: remembered, because
  // Intl's formatToParts is the slow part of an application's response.
  const key = `${instant.getTime()} ${timeZone}`;
  let rendered = renderings.get(key);
  if (rendered === undefined) {
    if (renderings.size >= MAX_RENDERINGS) renderings.clear();
    rendered = render(instant, timeZone);
    renderings.set(key, rendered);
  }
  return rendered;
}

const renderings = new Map<string, string>();
const MAX_RENDERINGS = 10_000;

function render(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  ) as Record<Intl.DateTimeFormatPartTypes, string>;
  const [year, month, day, hour, minute, second] = [
    parts.year,
    parts.month,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
  ].map(Number);
  const millis = instant.getUTCMilliseconds();
  const wallClockAsUtc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const offsetMinutes = Math.round((wallClockAsUtc - instant.getTime()) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = `${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;
  const fraction = millis ? `.${pad(millis, 3)}` : '';
  return (
    `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}` +
    `${fraction}${offset}`
  );
}

/** `instant` rendered in each of `timeZones`, keyed by zone name, in the order given. */
export function renderInZones(instant: Date, timeZones: readonly string[]): Record<string, string> {
  return Object.fromEntries(timeZones.map((zone) => [zone, renderInZone(instant, zone)]));
}
