import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RoundStatus } from './data';

const COLOR: Record<RoundStatus, string> = {
  draft: 'gray',
  open: 'green',
  closed: 'blue',
  archived: 'dark',
};

/** The round's status in words (the colour only repeats it). */
export function RoundStatusBadge({ status }: { status: RoundStatus }) {
  const { t } = useTranslation('rounds');
  return (
    <Badge color={COLOR[status]} variant="dot" radius="sm" tt="none" size="lg">
      {t(`rounds:status.${status}`)}
    </Badge>
  );
}
