import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAward } from '../../city/awards/queries';
import { ScrollTable } from '../../city/awards/ScrollTable';
import { localized } from '../../city/awards/text';
import { ReportStatusBadge } from '../../city/reports/ReportStatusBadge';
import { DEVICE_TIME_ZONE, formatDate, formatInstant } from '../../time';
import type { Report } from './queries';

/** Reports to review: which project, which report and side, its status, due and submitted. */
export function OfficeReportsTable({ reports }: { reports: Report[] }) {
  const { t, i18n } = useTranslation(['oversight', 'reports', 'common']);
  return (
    <ScrollTable label={t('oversight:reports.caption')} minWidth={760}>
      <Table withTableBorder striped verticalSpacing="sm" captionSide="top">
        <Table.Caption>{t('oversight:reports.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('oversight:reports.project')}</Table.Th>
            <Table.Th scope="col">{t('reports:kindLabel')}</Table.Th>
            <Table.Th scope="col">{t('reports:sideLabel')}</Table.Th>
            <Table.Th scope="col">{t('reports:statusLabel')}</Table.Th>
            <Table.Th scope="col">{t('reports:dueOn')}</Table.Th>
            <Table.Th scope="col">{t('reports:submittedAt')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {reports.map((report) => (
            <Table.Tr key={report.id}>
              <Table.Td>
                <ProjectTitle awardId={report.awardId} />
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/office/reports/${report.id}`} fw={500}>
                  {t(`reports:kind.${report.kind}`)}
                </Anchor>
              </Table.Td>
              <Table.Td>{t(`common:sides.${report.side}`)}</Table.Td>
              <Table.Td>
                <ReportStatusBadge report={report} />
              </Table.Td>
              <Table.Td>{formatDate(report.dueOn, i18n.language)}</Table.Td>
              <Table.Td>
                {report.submittedAt
                  ? formatInstant(report.submittedAt, DEVICE_TIME_ZONE, i18n.language)
                  : t('reports:notYet')}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/**
 * The awarded project's title. A report names only its award: each row reads it (cached, and
 * shared with the report's own page).
 */
function ProjectTitle({ awardId }: { awardId: string }) {
  const { t, i18n } = useTranslation('oversight');
  const award = useAward(awardId);
  if (award.isPending) return <Text c="dimmed">…</Text>;
  if (!award.data) return <Text c="dimmed">{t('oversight:reports.projectUnknown')}</Text>;
  return <Text>{localized(award.data.applicationTitle, i18n.language)}</Text>;
}
