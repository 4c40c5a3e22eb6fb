import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client';
import { BusyButton } from '../../reviewer/BusyButton';
import { ProblemAlert } from '../../ui/States';
import { isStale } from './problems';
import { type Report, requestChanges } from './queries';

/** The API's limit on the office's message (RequestChangesDto). */
const MAX_MESSAGE = 5000;

/** Sending the report back to the grantee: what to change is asked for in the dialog. */
export function RequestChangesButton({
  report,
  onSent,
  onStale,
}: {
  report: Report;
  onSent: (report: Report) => void;
  onStale: (error: unknown) => void;
}) {
  const { t } = useTranslation(['oversight', 'common']);
  const [opened, { open, close }] = useDisclosure(false);
  const [message, setMessage] = useState('');
  const [missing, setMissing] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);

  const send = useMutation({
    mutationFn: () => requestChanges(report.id, message.trim()),
    onSuccess: (sent) => {
      close();
      setMessage('');
      onSent(sent);
    },
    onError: (error) => {
      if (!isStale(error)) return;
      close();
      onStale(error);
    },
  });

  const confirm = (event: React.FormEvent) => {
    event.preventDefault();
    if (send.isPending) return;
    // The API refuses an empty message too; asked here first, nothing is sent.
    if (!message.trim()) {
      setMissing(true);
      field.current?.focus();
      return;
    }
    send.mutate();
  };

  const problem = send.error instanceof ApiProblem ? send.error : null;
  return (
    <>
      <Button variant="outline" onClick={open}>
        {t('oversight:changes.open')}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={t('oversight:changes.title')}
        centered
        closeButtonProps={{ 'aria-label': t('oversight:close') }}
      >
        <form onSubmit={confirm} noValidate>
          <Stack>
            <Text size="sm">{t('oversight:changes.body')}</Text>
            <Textarea
              label={t('oversight:changes.message')}
              description={t('oversight:changes.messageHint')}
              required
              autosize
              minRows={4}
              maxLength={MAX_MESSAGE}
              data-autofocus
              ref={field}
              value={message}
              onChange={(event) => {
                setMessage(event.currentTarget.value);
                setMissing(false);
              }}
              error={missing ? t('oversight:changes.required') : problem?.fieldError('message')}
            />
            {!isStale(send.error) && <ProblemAlert error={send.error} fieldsOnForm />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common:cancel')}
              </Button>
              <BusyButton type="submit" busy={send.isPending}>
                {t('oversight:changes.confirm')}
              </BusyButton>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
