import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Schemas } from '../api/client';
import { useMe } from '../auth/useSession';
import type { Currency } from '../money';
import { PageLoader, ProblemAlert } from '../ui/States';
import { useAward } from './awards/queries';
import { localized, sideOf } from './awards/text';
import { Attachments } from './documents/Attachments';
import { ExpenseComparison } from './reports/ExpenseComparison';
import { useReport } from './reports/queries';
import { ReportContent } from './reports/ReportContent';
import { ReportDetails } from './reports/ReportDetails';
import { ReportEditor } from './reports/ReportEditor';
import { ReportNotice } from './reports/ReportNotice';

const EDITABLE: Schemas['ReportResponse']['status'][] = ['draft', 'changes_requested'];

export function Component() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation(['reports', 'common']);
  const report = useReport(id);
  const award = useAward(report.data?.awardId);
  const cityId = useMe().data?.cityId;

  if (report.isPending) return <PageLoader />;
  if (report.isError) {
    return (
      <>
        <Title order={2}>{t('reports:page.heading')}</Title>
        <ProblemAlert error={report.error} onRetry={() => void report.refetch()} />
      </>
    );
  }
  // The award gives the project's title and the currency a new expense line starts in.
  if (award.isPending) return <PageLoader />;
  const data = report.data;
  const project = award.data ? localized(award.data.applicationTitle, i18n.language) : '';
  const sideCurrency = (side: 'JP' | 'US'): Currency | undefined =>
    award.data?.lines.find((line) => line.side === side)?.currency;
  // A joint report's new expense line starts in the currency of the user's own side.
  const side = data.side === 'joint' && award.data ? sideOf(cityId, award.data) : data.side;
  const currency = sideCurrency(side === 'US' ? 'US' : 'JP') ?? 'JPY';
  // The report's side city attaches its documents (either city for a joint report).
  const mySide = award.data && sideOf(cityId, award.data);
  const mine = mySide !== undefined && (data.side === 'joint' || mySide === data.side);
  const editable = EDITABLE.includes(data.status);

  return (
    <Stack gap="lg">
      <div>
        <Anchor component={Link} to={`/awards/${data.awardId}`} size="sm">
          {t('reports:page.back')}
        </Anchor>
        <Title order={2} mt="xs">
          {t('reports:page.title', {
            kind: t(`reports:kind.${data.kind}`),
            side: t(`common:sides.${data.side}`),
          })}
        </Title>
        {project && (
          <Text c="dimmed" mt={4}>
            {project}
          </Text>
        )}
      </div>
      <ReportNotice report={data} />
      <ReportDetails report={data} />
      <section aria-labelledby="report-comparison">
        <Title order={3} id="report-comparison" mb="sm">
          {t('reports:comparison.title')}
        </Title>
        <ExpenseComparison comparison={data.expenseComparison} />
        {EDITABLE.includes(data.status) && (
          <Text size="sm" c="dimmed" mt="xs">
            {t('reports:comparison.asSaved')}
          </Text>
        )}
      </section>
      {EDITABLE.includes(data.status) ? (
        <ReportEditor key={data.version} report={data} currency={currency} />
      ) : (
        <section aria-labelledby="report-content">
          <Title order={3} id="report-content" mb="sm">
            {t('reports:content')}
          </Title>
          <ReportContent report={data} />
        </section>
      )}
      <Attachments owner={{ type: 'report', id }} canChange={editable && mine} locked={mine} />
    </Stack>
  );
}
