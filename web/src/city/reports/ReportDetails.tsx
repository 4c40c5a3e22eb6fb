import { DataList } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { useMe } from '../../auth/useSession';
import { formatDate, formatInstant } from '../../time';
import { useTimeZone } from '../awards/queries';
import { ReportStatusBadge } from './ReportStatusBadge';

type Report = Schemas['ReportResponse'];

/** Status, due date, and who did what when, as far as the API tells. */
export function ReportDetails({ report }: { report: Report }) {
  const { t, i18n } = useTranslation('reports');
  const me = useMe().data;
  const timeZone = useTimeZone();
  const when = (iso: string) => formatInstant(iso, timeZone, i18n.language);
  return (
    <DataList size="sm" gap={6} labelWidth="10rem">
      <DataList.Item>
        <DataList.ItemLabel>{t('reports:statusLabel')}</DataList.ItemLabel>
        <DataList.ItemValue>
          <ReportStatusBadge report={report} />
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>{t('reports:dueOn')}</DataList.ItemLabel>
        <DataList.ItemValue>{formatDate(report.dueOn, i18n.language)}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>{t('reports:startedAt')}</DataList.ItemLabel>
        <DataList.ItemValue>
          {report.createdBy === me?.id
            ? t('reports:byYou', { when: when(report.createdAt) })
            : report.createdByName
              ? t('reports:by', { when: when(report.createdAt), name: report.createdByName })
              : when(report.createdAt)}
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>{t('reports:updatedAt')}</DataList.ItemLabel>
        <DataList.ItemValue>{when(report.updatedAt)}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>{t('reports:submittedAt')}</DataList.ItemLabel>
        <DataList.ItemValue>
          {report.submittedAt ? when(report.submittedAt) : t('reports:notYet')}
        </DataList.ItemValue>
      </DataList.Item>
      {report.reviewedAt && (
        <DataList.Item>
          <DataList.ItemLabel>{t('reports:reviewedAt')}</DataList.ItemLabel>
          <DataList.ItemValue>
            {t('reports:byOffice', { when: when(report.reviewedAt) })}
          </DataList.ItemValue>
        </DataList.Item>
      )}
      {report.overdueAt && (
        <DataList.Item>
          <DataList.ItemLabel>{t('reports:overdueSince')}</DataList.ItemLabel>
          <DataList.ItemValue>{when(report.overdueAt)}</DataList.ItemValue>
        </DataList.Item>
      )}
    </DataList>
  );
}
