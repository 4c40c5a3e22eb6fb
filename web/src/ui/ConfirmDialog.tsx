import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { BusyButton } from '../../ui/BusyButton';
import { type Explanations, ProblemAlert } from '../../ui/States';

/** A destructive action asked for once more, with what it does and, if refused, why. */
export function ConfirmDialog({
  opened,
  title,
  body,
  confirm,
  busy,
  error,
  explain,
  onConfirm,
  onClose,
}: {
  opened: boolean;
  title: string;
  body: string;
  confirm: string;
  busy: boolean;
  error: unknown;
  explain?: Explanations;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation(['administration', 'common']);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      centered
      closeButtonProps={{ 'aria-label': t('administration:close') }}
    >
      <Stack>
        <Text size="sm">{body}</Text>
        <ProblemAlert error={error} explain={explain} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('common:cancel')}
          </Button>
          <BusyButton color="red.9" busy={busy} onClick={() => !busy && onConfirm()}>
            {confirm}
          </BusyButton>
        </Group>
      </Stack>
    </Modal>
  );
}
