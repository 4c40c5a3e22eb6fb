import { Alert, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { BusyButton } from '../../ui/BusyButton';
import { saveFile } from '../../ui/saveFile';
import { ProblemAlert } from '../../ui/States';
import { downloadRunFile, type PaymentRun, sha256Hex } from '../api';

/**
 * The run's bank file, checked against the SHA-256 the run recorded before it is handed over: a
 * truncated or altered file must never reach the bank.
 */
export function DownloadFile({ run }: { run: PaymentRun }) {
  const { t } = useTranslation('finance');
  const name = run.fileName ?? `${run.id}.txt`;
  const download = useMutation({
    mutationFn: async () => {
      const blob = await downloadRunFile(run.id);
      const matches = (await sha256Hex(blob)) === run.fileSha256;
      if (matches) saveFile(blob, name);
      return matches;
    },
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="run-file">
      <Title order={3} id="run-file" mb="xs">
        {t('finance:run.file')}
      </Title>
      <Stack align="flex-start">
        <BusyButton
          busy={download.isPending}
          onClick={() => {
            if (!download.isPending) download.mutate();
          }}
        >
          {t('finance:run.download')}
        </BusyButton>
        {download.data === true && (
          <Text size="sm" role="status">
            {t('finance:run.downloaded', { name })}
          </Text>
        )}
        {download.data === false && (
          <Alert color="red" role="alert">
            {t('finance:run.mismatch')}
          </Alert>
        )}
        <ProblemAlert error={download.error} onRetry={() => download.mutate()} />
      </Stack>
    </Paper>
  );
}
