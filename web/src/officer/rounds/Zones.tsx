import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatInstant, JAPAN_TIME_ZONE } from '../../time';

/** `America/Los_Angeles` → `Pacific Time` / `アメリカ太平洋時間`; the zone's id if Intl has no name. */
function zoneName(timeZone: string, language: string): string {
  const parts = new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-US', {
    timeZone,
    timeZoneName: 'longGeneric',
  }).formatToParts(new Date());
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}

/** The US zones among the zones the API rendered a round's times in (JST comes first there). */
export const usZonesOf = (rendered: Record<string, string>) =>
  Object.keys(rendered).filter((zone) => zone !== JAPAN_TIME_ZONE);

/**
 * An instant on Japan's wall clock and on each US zone's (SPEC §5.2: a round's times are shown in
 * both countries' zones), each line named, so both sides read a deadline in their own time.
 */
export function Zones({
  iso,
  usZones,
  size = 'sm',
}: {
  iso: string;
  usZones: readonly string[];
  size?: 'xs' | 'sm' | 'md';
}) {
  const { t, i18n } = useTranslation(['rounds']);
  const clocks = [
    { zone: JAPAN_TIME_ZONE, label: t('rounds:time.japan') },
    ...usZones.map((zone) => ({ zone, label: zoneName(zone, i18n.language) })),
  ];
  return (
    <Stack gap={0}>
      {clocks.map((clock) => (
        <Text key={clock.zone} size={size}>
          <Text span size={size} c="dimmed">
            {clock.label}:{' '}
          </Text>
          {formatInstant(iso, clock.zone, i18n.language)}
        </Text>
      ))}
    </Stack>
  );
}
