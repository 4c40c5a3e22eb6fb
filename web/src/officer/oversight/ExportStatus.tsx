import { Badge, type MantineColor, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DEVICE_TIME_ZONE, formatInstant } from '../../time';
import type { Export } from './queries';

const COLORS: Record<Export['status'], MantineColor> = {
  queued: 'gray',
  running: 'blue',
  completed: 'green',
  failed: 'red',
};

/**
 * The export's status in words; while it is waiting or being generated, a moving bar (the worker
 * reports no percentage: an indeterminate progress bar) and since when. A failure says why.
 */
export function ExportStatus({ row }: { row: Export }) {
  const { t, i18n } = useTranslation('oversight');
  const when = (iso: string) => formatInstant(iso, DEVICE_TIME_ZONE, i18n.language);
  const unfinished = row.status === 'queued' || row.status === 'running';
  return (
    <Stack gap={4}>
      <Badge color={COLORS[row.status]} variant="dot" radius="sm">
        {t(`oversight:exports.status.${row.status}`)}
      </Badge>
      {unfinished && (
        <>
          {/* No aria-valuenow: an indeterminate progress bar, as ARIA defines one. */}
          <Progress.Root
            role="progressbar"
            aria-label={t(`oversight:exports.progress.${row.status}`)}
            size="sm"
            w={140}
          >
            <Progress.Section
              value={100}
              striped
              animated={row.status === 'running'}
              color={COLORS[row.status]}
              withAria={false}
            />
          </Progress.Root>
          <Text size="xs" c="dimmed">
            {row.status === 'running' && row.startedAt
              ? t('oversight:exports.progress.since', { when: when(row.startedAt) })
              : t('oversight:exports.progress.waiting')}
          </Text>
        </>
      )}
      {row.status === 'failed' && (
        <Text size="sm" c="red.9">
          {row.failureReason
            ? t('oversight:exports.failed', { reason: row.failureReason })
            : t('oversight:exports.failedUnknown')}
        </Text>
      )}
    </Stack>
  );
}
