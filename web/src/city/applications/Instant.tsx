import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatInstant, JAPAN_TIME_ZONE } from '../../time';

/**
 * An instant on the two cities' wall clocks: Japan's (JST) and the US city's, each named, so
 * both sides read a deadline in their own time.
 */
export function TwoZones({
  iso,
  usTimeZone,
  usCity,
  size = 'sm',
}: {
  iso: string;
  usTimeZone?: string;
  usCity?: string;
  size?: 'xs' | 'sm' | 'md';
}) {
  const { t, i18n } = useTranslation(['applications']);
  const clocks = [
    { zone: JAPAN_TIME_ZONE, label: t('applications:time.japan') },
    ...(usTimeZone
      ? [
          {
            zone: usTimeZone,
            label: usCity ? t('applications:time.city', { city: usCity }) : usTimeZone,
          },
        ]
      : []),
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
