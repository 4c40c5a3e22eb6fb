import { Badge, Group, type MantineColor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';

type Report = Schemas['ReportResponse'];

const COLORS: Record<Report['status'], MantineColor> = {
  draft: 'gray',
  submitted: 'blue',
  changes_requested: 'orange',
  accepted: 'green',
};

/** The report's status in words, and "overdue" when the reminder job found it late. */
export function ReportStatusBadge({ report }: { report: Pick<Report, 'status' | 'overdueAt'> }) {
  const { t } = useTranslation('reports');
  return (
    <Group gap={6}>
      <Badge color={COLORS[report.status]} variant="dot" radius="sm">
        {t(`reports:status.${report.status}`)}
      </Badge>
      {report.overdueAt && report.status !== 'accepted' && (
        <Badge color="red.9" variant="filled" radius="sm">
          {t('reports:overdue')}
        </Badge>
      )}
    </Group>
  );
}
