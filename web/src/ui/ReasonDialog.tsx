import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/client';
import { BusyButton } from './BusyButton';

interface Props {
  opened: boolean;
  onClose: () => void;
  title: string;
  body: string;
  /** The text field: its label, an optional hint, and what it says when left empty. */
  label: string;
  hint?: string;
  required: string;
  /** The API's limit on the text (its DTO's MaxLength). */
  maxLength: number;
  minRows?: number;
  confirm: string;
  /** The button that closes the dialog without acting; "Cancel" unless said otherwise. */
  dismiss?: string;
  /** Red for what cannot be undone (declining, rejecting, cancelling). */
  danger?: boolean;
  busy: boolean;
  /** The action's error: a field error of `field` goes under the text field. */
  error: unknown;
  field: string;
  /** The refusal as the caller explains it (a ProblemAlert, or one that words it by code). */
  alert: React.ReactNode;
  onConfirm: (text: string) => void;
}

/**
 * A confirmation that needs a text: a reason (declining a review, rejecting or cancelling a
 * payout) or a message (sending a report back). An empty text is refused here, nothing sent,
 * the focus back on the field. The text starts empty each time the dialog opens.
 */
export function ReasonDialog(props: Props) {
  const { t } = useTranslation('common');
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  const problem = props.error instanceof ApiProblem ? props.error : null;

  useEffect(() => {
    if (!props.opened) return;
    setText('');
    setMissing(false);
  }, [props.opened]);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (props.busy) return;
    if (!text.trim()) {
      setMissing(true);
      field.current?.focus();
      return;
    }
    props.onConfirm(text.trim());
  };

  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.title}
      centered
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{props.body}</Text>
          <Textarea
            label={props.label}
            description={props.hint}
            required
            autosize
            minRows={props.minRows ?? 3}
            maxLength={props.maxLength}
            data-autofocus
            ref={field}
            value={text}
            onChange={(event) => {
              setText(event.currentTarget.value);
              setMissing(false);
            }}
            error={missing ? props.required : problem?.fieldError(props.field)}
          />
          {props.alert}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {props.dismiss ?? t('common:cancel')}
            </Button>
            <BusyButton type="submit" color={props.danger ? 'red.8' : undefined} busy={props.busy}>
              {props.confirm}
            </BusyButton>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
