import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ScrollTable } from '../../city/awards/ScrollTable';
import { localized } from '../../city/awards/text';
import { ReportStatusBadge } from '../../city/reports/ReportStatusBadge';
import { DEVICE_TIME_ZONE, formatDate, formatInstant } from '../../time';
import type { ListedReport } from './queries';

/** Reports to review: which project, which report and side, its status, due and submitted. */
export function OfficeReportsTable({ reports }: { reports: ListedReport[] }) {
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
                <Text>{localized(report.applicationTitle, i18n.language)}</Text>
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
