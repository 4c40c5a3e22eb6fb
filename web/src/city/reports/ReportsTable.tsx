import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Schemas } from '../../api/client';
import { formatDate, formatInstant } from '../../time';
import { Empty } from '../../ui/States';
import { useTimeZone } from '../awards/queries';
import { ScrollTable } from '../awards/ScrollTable';
import { ReportStatusBadge } from './ReportStatusBadge';

/** An award's grantee reports: kind, side, status, due date and when each was submitted. */
export function ReportsTable({ reports }: { reports: Schemas['ReportResponse'][] }) {
  const { t, i18n } = useTranslation(['reports', 'common']);
  const timeZone = useTimeZone();
  if (!reports.length) return <Empty>{t('reports:list.none')}</Empty>;
  return (
    <ScrollTable label={t('reports:list.caption')} minWidth={640}>
      <Table withTableBorder verticalSpacing="sm" captionSide="top">
        <Table.Caption>{t('reports:list.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
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
                <Anchor component={Link} to={`/reports/${report.id}`} fw={500}>
                  {t(`reports:kind.${report.kind}`)}
                </Anchor>
              </Table.Td>
              <Table.Td>{t(`common:sides.${report.side}`)}</Table.Td>
              <Table.Td>
                <ReportStatusBadge report={report} />
              </Table.Td>
              <Table.Td>{formatDate(report.dueOn, i18n.language)}</Table.Td>
              <Table.Td>
                <Text size="sm">
                  {report.submittedAt
                    ? formatInstant(report.submittedAt, timeZone, i18n.language)
                    : t('reports:notYet')}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
