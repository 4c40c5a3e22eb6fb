import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client';
import { BusyButton } from '../../reviewer/BusyButton';
import { RefusalAlert } from './Refusal';

interface Props {
  opened: boolean;
  onClose: () => void;
  title: string;
  body: string;
  reasonLabel: string;
  reasonRequired: string;
  confirm: string;
  dismiss: string;
  busy: boolean;
  error: unknown;
  explain: Partial<Record<string, string>>;
  onConfirm: (reason: string) => void;
}

/** A confirmation that needs a reason (rejecting a request, cancelling a payout). */
export function ReasonDialog(props: Props) {
  const { t } = useTranslation('finance');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  const problem = props.error instanceof ApiProblem ? props.error : null;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (props.busy) return;
    if (!reason.trim()) {
      setMissing(true);
      field.current?.focus();
      return;
    }
    props.onConfirm(reason.trim());
  };

  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.title}
      centered
      closeButtonProps={{ 'aria-label': t('finance:close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{props.body}</Text>
          <Textarea
            label={props.reasonLabel}
            required
            autosize
            minRows={3}
            maxLength={1000}
            data-autofocus
            ref={field}
            value={reason}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              setMissing(false);
            }}
            error={missing ? props.reasonRequired : problem?.fieldError('reason')}
          />
          <RefusalAlert error={props.error} explain={props.explain} fieldsOnForm />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {props.dismiss}
            </Button>
            <BusyButton type="submit" color="red.8" busy={props.busy}>
              {props.confirm}
            </BusyButton>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
