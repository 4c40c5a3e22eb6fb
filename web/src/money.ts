/**
 * Money in the portal as in the API (SPEC §3): integer minor units (USD cents, JPY yen), never a
 * float. Typed amounts are parsed as decimal text and shown with `Intl.NumberFormat` given exact
 * decimal strings.
 */
export type Currency = 'USD' | 'JPY';

/** Decimal places of a currency's minor unit. */
export const MINOR_DIGITS: Record<Currency, number> = { USD: 2, JPY: 0 };

/**
 * What the user typed (`1,234.50`, `１２３４`, `¥12,000`) as minor units; null when it is not an
 * amount of that currency (a negative, more decimals than the currency has, letters).
 */
export function toMinor(text: string, currency: Currency): number | null {
  const normalized = text
    .normalize('NFKC')
    .replace(/[\s,$¥￥]/g, '')
    .trim();
  const digits = MINOR_DIGITS[currency];
  const pattern = digits ? new RegExp(`^(\\d+)(?:\\.(\\d{0,${digits}}))?$`) : /^(\d+)$/;
  const match = pattern.exec(normalized);
  if (!match) return null;
  const minor = Number(match[1] + (match[2] ?? '').padEnd(digits, '0'));
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Minor units as the decimal text of major units, exactly: 123456 USD → "1234.56". */
export function toMajorText(minor: number, currency: Currency): string {
  const digits = MINOR_DIGITS[currency];
  if (!digits) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

const formats = new Map<string, Intl.NumberFormat>();

/** `¥1,200,000` / `$4,500.00` in the user's language (ja-JP or en-US conventions). */
export function formatMoney(minor: number, currency: Currency, language: string): string {
  const key = `${language}:${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language === 'ja' ? 'ja-JP' : 'en-US', {
      style: 'currency',
      currency,
    });
    formats.set(key, format);
  }
  // A numeric string is formatted as the exact decimal it writes (Intl.NumberFormat v3).
  return format.format(toMajorText(minor, currency) as unknown as number);
}
