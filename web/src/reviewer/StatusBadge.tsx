import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AssignmentStatus } from './reviewApi';

const COLOR: Record<AssignmentStatus, string> = {
  assigned: 'blue',
  submitted: 'green',
  declined: 'gray',
};

export function StatusBadge({ status }: { status: AssignmentStatus }) {
  const { t } = useTranslation('reviews');
  return (
    <Badge color={COLOR[status]} variant="dot" radius="sm" size="md">
      {t(`reviews:status.${status}`)}
    </Badge>
  );
}
