import { Alert, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isRunning, type PaymentRun } from '../api';

/**
 * Where the job stands. The API tells the run's stage, not a fraction of it: the bar moves with
 * the stage and keeps moving (striped, animated) while the worker has the run; the words say it.
 */
const STAGE: Record<PaymentRun['status'], number> = {
  queued: 15,
  running: 60,
  completed: 100,
  failed: 100,
};

export function RunProgress({ run }: { run: PaymentRun }) {
  const { t } = useTranslation('finance');
  const text =
    run.status === 'failed'
      ? t('finance:run.progress.failed', { reason: run.failureReason ?? '' })
      : run.status === 'completed'
        ? run.fileSha256
          ? t('finance:run.progress.completed')
          : t('finance:run.progress.empty')
        : t(`finance:run.progress.${run.status}`);
  return (
    <Stack gap="xs">
      <Progress
        value={STAGE[run.status]}
        striped={isRunning(run)}
        animated={isRunning(run)}
        color={run.status === 'failed' ? 'red' : run.status === 'completed' ? 'green' : 'blue'}
        aria-label={t('finance:run.progress.label')}
      />
      {/* Announced as it changes: the page polls the run while the worker writes the file. */}
      {run.status === 'failed' ? (
        <Alert color="red" role="alert">
          {text}
        </Alert>
      ) : (
        <Text size="sm" role="status">
          {text}
        </Text>
      )}
    </Stack>
  );
}
