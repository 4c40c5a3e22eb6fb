import { Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { BusyButton } from '../../ui/BusyButton';
import { saveFile } from '../../ui/saveFile';
import { ProblemAlert } from '../../ui/States';
import { type Export, fetchExportFile } from './queries';

/**
 * The completed export's file. The download route wants the session's bearer token, which a plain
 * link cannot send: the file is fetched, then saved.
 */
export function DownloadButton({ row }: { row: Export }) {
  const { t } = useTranslation('oversight');
  const fileName = row.fileName ?? `${row.type}.${row.format}`;
  const download = useMutation({
    mutationFn: () => fetchExportFile(row.id),
    onSuccess: (file) => saveFile(file, fileName),
  });
  return (
    <Stack gap={4} align="flex-start">
      <BusyButton
        size="xs"
        variant="light"
        busy={download.isPending}
        aria-label={t('oversight:exports.downloadFile', { name: fileName })}
        onClick={() => {
          if (!download.isPending) download.mutate();
        }}
      >
        {t('oversight:exports.download')}
      </BusyButton>
      <ProblemAlert error={download.error} />
    </Stack>
  );
}
