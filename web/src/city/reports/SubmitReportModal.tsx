import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface Props {
  opened: boolean;
  /** The form has changes not saved yet: they are saved before the report is submitted. */
  unsaved: boolean;
  busy: boolean;
  onClose: () => void;
  onConfirm: () => void;
}

/** Asks before the report goes to the program office (it can no longer be edited then). */
export function SubmitReportModal({ opened, unsaved, busy, onClose, onConfirm }: Props) {
  const { t } = useTranslation(['reports', 'common']);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('reports:submit.title')}
      closeButtonProps={{ 'aria-label': t('reports:close') }}
      centered
    >
      <Stack>
        <Text size="sm">{t('reports:submit.body')}</Text>
        {unsaved && (
          <Text size="sm" fw={500}>
            {t('reports:submit.unsaved')}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy}>
            {t('common:cancel')}
          </Button>
          <Button onClick={onConfirm} loading={busy} data-autofocus>
            {t('reports:submit.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
