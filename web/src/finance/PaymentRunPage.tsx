import { Anchor, DataList, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Money } from '../city/awards/Money';
import { DEVICE_TIME_ZONE, formatDate, formatInstant } from '../time';
import { PageLoader, ProblemAlert } from '../ui/States';
import { isRunning, type PaymentRun, usePaymentRun } from './api';
import { Detail } from '../ui/Detail';
import { FinanceOnly } from './parts/FinanceOnly';
import { RunStatusBadge } from './parts/RunStatus';
import { DownloadFile } from './runs/DownloadFile';
import { RunDisbursements } from './runs/RunDisbursements';
import { RunProgress } from './runs/RunProgress';

/** One payment run: followed while the worker writes it, then its file and its payouts. */
export function Component() {
  const { t } = useTranslation('finance');
  const { id = '' } = useParams();
  return <FinanceOnly heading={t('finance:run.heading')}>{() => <RunPage id={id} />}</FinanceOnly>;
}

function BackLink() {
  const { t } = useTranslation('finance');
  return (
    <Anchor component={Link} to="/finance/payment-runs" size="sm" w="fit-content">
      {t('finance:run.back')}
    </Anchor>
  );
}

function RunPage({ id }: { id: string }) {
  const { t } = useTranslation('finance');
  const run = usePaymentRun(id);
  if (run.isPending) return <PageLoader />;
  if (!run.data) {
    return (
      <Stack>
        <BackLink />
        <Title order={2}>{t('finance:run.heading')}</Title>
        <ProblemAlert error={run.error} onRetry={() => void run.refetch()} />
      </Stack>
    );
  }
  return <RunView run={run.data} />;
}

function RunView({ run }: { run: PaymentRun }) {
  const { t, i18n } = useTranslation('finance');
  return (
    <Stack gap="lg">
      <div>
        <BackLink />
        <Title order={2} mt="xs">
          {t('finance:run.heading')}: {t(`finance:runs.railShort.${run.rail}`)} ·{' '}
          {formatDate(run.executionDate, i18n.language)}
        </Title>
      </div>
      <RunProgress run={run} />
      <DataList size="sm" gap={6} labelWidth="12rem">
        <Detail label={t('finance:runs.status')}>
          <RunStatusBadge status={run.status} />
        </Detail>
        <Detail label={t('finance:runs.rail')}>{t(`finance:runs.railName.${run.rail}`)}</Detail>
        <Detail label={t('finance:runs.executionDate')}>
          {formatDate(run.executionDate, i18n.language)}
        </Detail>
        <Detail label={t('finance:runs.created')}>
          {formatInstant(run.createdAt, DEVICE_TIME_ZONE, i18n.language)}
        </Detail>
        {!isRunning(run) && (
          <>
            <Detail label={t('finance:runs.entries')}>{run.entryCount}</Detail>
            <Detail label={t('finance:runs.total')}>
              <Money minor={run.totalMinor} currency={run.currency} />
            </Detail>
          </>
        )}
        {run.fileName && (
          <Detail label={t('finance:run.fileName')}>
            <Text span ff="monospace" size="sm">
              {run.fileName}
            </Text>
          </Detail>
        )}
        {run.fileSha256 && (
          <Detail label={t('finance:run.sha')}>
            <Text span ff="monospace" size="xs" style={{ wordBreak: 'break-all' }}>
              {run.fileSha256}
            </Text>
          </Detail>
        )}
      </DataList>
      {run.status === 'completed' && run.fileSha256 && <DownloadFile run={run} />}
      {!isRunning(run) && <RunDisbursements run={run} />}
    </Stack>
  );
}
