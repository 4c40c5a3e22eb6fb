import { Anchor, Button, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Schemas } from '../api/client';
import { useMe } from '../auth/useSession';
import { formatInstant } from '../time';
import { PageLoader, ProblemAlert } from '../ui/States';
import { AwardAmendments } from './awards/amendments/AwardAmendments';
import { AwardLines } from './awards/AwardLines';
import { AwardTotals } from './awards/AwardTotals';
import { DisbursementsTable } from './awards/DisbursementsTable';
import { useAward, useTimeZone } from './awards/queries';
import { AwardSettlement } from './awards/settlement/AwardSettlement';
import { localized, sideOf, totalsInLineOrder } from './awards/text';
import { useAwardReports } from './reports/queries';
import { ReportsTable } from './reports/ReportsTable';
import { StartReportForm } from './reports/StartReportForm';

export function Component() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation(['awards', 'common']);
  const award = useAward(id);
  const timeZone = useTimeZone();

  if (award.isPending) return <PageLoader />;
  if (award.isError) {
    return (
      <>
        <Title order={2}>{t('awards:award.heading')}</Title>
        <ProblemAlert error={award.error} onRetry={() => void award.refetch()} />
      </>
    );
  }
  const title = localized(award.data.applicationTitle, i18n.language);
  return (
    <Stack gap="lg">
      <div>
        <Anchor component={Link} to="/awards" size="sm">
          {t('awards:award.back')}
        </Anchor>
        <Title order={2} mt="xs">
          {title || t('awards:award.heading')}
        </Title>
        <Text c="dimmed" size="sm" mt={4}>
          {t('awards:award.decided', {
            date: formatInstant(award.data.createdAt, timeZone, i18n.language),
          })}{' '}
          ·{' '}
          <Anchor
            component={Link}
            to={`/applications/${award.data.applicationId}`}
            underline="always"
          >
            {t('awards:award.application')}
          </Anchor>
        </Text>
      </div>
      <section aria-labelledby="award-amounts">
        <Title order={3} id="award-amounts" mb="sm">
          {t('awards:award.amounts')}
        </Title>
        <Stack>
          <AwardLines lines={award.data.lines} />
          <AwardTotals totals={totalsInLineOrder(award.data.lines, award.data.totals)} />
          <Text size="sm" c="dimmed">
            {t('awards:award.paidNote')}
          </Text>
        </Stack>
      </section>
      <section aria-labelledby="award-payouts">
        <Title order={3} id="award-payouts" mb="sm">
          {t('awards:payouts.title')}
        </Title>
        <DisbursementsTable disbursements={award.data.disbursements ?? []} />
      </section>
      <AwardAmendments award={award.data} />
      <AwardReports award={award.data} />
      <AwardSettlement award={award.data} />
    </Stack>
  );
}

function AwardReports({ award }: { award: Schemas['AwardResponse'] }) {
  const { t } = useTranslation(['awards', 'reports', 'common']);
  const me = useMe().data;
  const cityId = me?.cityId;
  const role = me?.role;
  const reports = useAwardReports(award.id);
  const [starting, setStarting] = useState(false);
  const mySide = sideOf(cityId, award);
  // Reports are the grantee's: its cities' users start them (an admin may, for either side).
  const mayStart = !!mySide || role === 'admin';

  return (
    <section aria-labelledby="award-reports">
      <Group justify="space-between" mb="sm">
        <Title order={3} id="award-reports">
          {t('reports:list.title')}
        </Title>
        {!starting && reports.data && mayStart && (
          <Button onClick={() => setStarting(true)}>{t('reports:start.open')}</Button>
        )}
      </Group>
      {reports.isPending ? (
        <PageLoader />
      ) : reports.isError ? (
        <ProblemAlert error={reports.error} onRetry={() => void reports.refetch()} />
      ) : (
        <ReportsTable reports={reports.data.data} />
      )}
      {starting && reports.data && (
        <>
          <Divider my="lg" />
          <StartReportForm
            award={award}
            mySide={mySide}
            reports={reports.data.data}
            onCancel={() => setStarting(false)}
          />
        </>
      )}
    </section>
  );
}
