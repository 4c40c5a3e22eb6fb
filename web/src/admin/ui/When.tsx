import { useTranslation } from 'react-i18next';
import { DEVICE_TIME_ZONE, formatInstant } from '../../time';

/**
 * An instant on the admin pages: in the device's zone (no city's zone applies to an
 * administrator), or in UTC where the page filters in UTC (the audit log).
 */
export function When({ at, utc = false }: { at: string | null | undefined; utc?: boolean }) {
  const { i18n } = useTranslation();
  if (!at) return <>—</>;
  return (
    <time dateTime={at}>{formatInstant(at, utc ? 'UTC' : DEVICE_TIME_ZONE, i18n.language)}</time>
  );
}
