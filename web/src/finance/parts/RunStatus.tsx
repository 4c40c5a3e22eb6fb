import { Badge, type MantineColor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PaymentRun } from '../api';

const COLORS: Record<PaymentRun['status'], MantineColor> = {
  queued: 'gray',
  running: 'blue',
  completed: 'green',
  failed: 'red',
};

/** A payment run's status as a word (the colour only repeats it). */
export function RunStatusBadge({ status }: { status: PaymentRun['status'] }) {
  const { t } = useTranslation('finance');
  return (
    <Badge color={COLORS[status]} variant="dot" radius="sm">
      {t(`finance:runs.statusName.${status}`)}
    </Badge>
  );
}
