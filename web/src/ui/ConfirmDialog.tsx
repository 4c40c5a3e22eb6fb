import { Button, Group, type MantineColor, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { BusyButton } from './BusyButton';

interface Props {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** What the action does; a string is one paragraph, anything else is shown as given. */
  body: React.ReactNode;
  confirm: string;
  /**
   * For what cannot be undone (revoking, withdrawing, removing): the button is red and Cancel
   * has the focus, so Enter does not do it by accident. Otherwise the action has the focus.
   */
  danger?: boolean;
  /** The action's colour when it is not a danger (teal for an approval); the theme's otherwise. */
  color?: MantineColor;
  busy: boolean;
  /** The refusal, as the caller explains it (usually a ProblemAlert). */
  alert?: React.ReactNode;
  /** Whether the focus goes back to the button that opened the dialog (gone after some actions). */
  returnFocus?: boolean;
  onConfirm: () => void;
}

/**
 * An action asked for once more: what it does, Cancel and the action, and, when refused, why.
 * A click while the action runs is ignored. For one that needs a text, `ReasonDialog`.
 */
export function ConfirmDialog(props: Props) {
  const { t } = useTranslation('common');
  const danger = props.danger ?? false;
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.title}
      centered
      returnFocus={props.returnFocus}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      <Stack>
        {typeof props.body === 'string' ? <Text size="sm">{props.body}</Text> : props.body}
        {props.alert}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose} data-autofocus={danger || undefined}>
            {t('common:cancel')}
          </Button>
          <BusyButton
            color={danger ? 'red.8' : props.color}
            busy={props.busy}
            data-autofocus={!danger || undefined}
            onClick={() => {
              if (!props.busy) props.onConfirm();
            }}
          >
            {props.confirm}
          </BusyButton>
        </Group>
      </Stack>
    </Modal>
  );
}
