import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMe } from '../../auth/useSession';
import { useAward } from '../../city/awards/queries';
import { localized } from '../../city/awards/text';
import { Attachments } from '../../city/documents/Attachments';
import { ExpenseComparison } from '../../city/reports/ExpenseComparison';
import { useReport } from '../../city/reports/queries';
import { ReportContent } from '../../city/reports/ReportContent';
import { ReportDetails } from '../../city/reports/ReportDetails';
import { PageLoader, ProblemAlert } from '../../ui/States';
import { may, REPORT_READERS, REPORT_REVIEWERS } from './access';
import { OfficeOnly } from './OfficeOnly';
import { OfficeReportNotice } from './OfficeReportNotice';
import { ReviewSection } from './ReviewSection';

export function Component() {
  const { t } = useTranslation('oversight');
  return (
    <Stack gap="lg">
      <div>
        <Anchor component={Link} to="/office/reports" size="sm">
          {t('oversight:report.back')}
        </Anchor>
      </div>
      <OfficeOnly roles={REPORT_READERS}>
        <OfficeReport />
      </OfficeOnly>
    </Stack>
  );
}

/** One grantee report as the office reviews it: what it says, what it spent, the decision. */
function OfficeReport() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation(['oversight', 'reports', 'common']);
  const report = useReport(id);
  const award = useAward(report.data?.awardId);
  const me = useMe().data;

  if (report.isPending) return <PageLoader />;
  if (report.isError) {
    return (
      <>
        <Title order={2}>{t('reports:page.heading')}</Title>
        <ProblemAlert error={report.error} onRetry={() => void report.refetch()} />
      </>
    );
  }
  const data = report.data;
  const project = award.data ? localized(award.data.applicationTitle, i18n.language) : '';

  return (
    <>
      <div>
        <Title order={2}>
          {t('reports:page.title', {
            kind: t(`reports:kind.${data.kind}`),
            side: t(`common:sides.${data.side}`),
          })}
        </Title>
        {award.data && (
          <Text mt={4}>
            {t('oversight:report.project')}{' '}
            <Anchor component={Link} to={`/office/applications/${award.data.applicationId}`}>
              {project}
            </Anchor>
          </Text>
        )}
        {award.isError && <ProblemAlert error={award.error} onRetry={() => void award.refetch()} />}
      </div>
      <OfficeReportNotice report={data} />
      <ReportDetails report={data} />
      <section aria-labelledby="report-comparison">
        <Title order={3} id="report-comparison" mb="sm">
          {t('reports:comparison.title')}
        </Title>
        <ExpenseComparison comparison={data.expenseComparison} />
        <Text size="sm" c="dimmed" mt="xs">
          {t('oversight:report.perCurrency')}
        </Text>
      </section>
      <section aria-labelledby="report-content">
        <Title order={3} id="report-content" mb="sm">
          {t('reports:content')}
        </Title>
        <ReportContent report={data} />
      </section>
      <Attachments owner={{ type: 'report', id: data.id }} canChange={false} />
      {may(REPORT_REVIEWERS, me) && <ReviewSection report={data} />}
    </>
  );
}
