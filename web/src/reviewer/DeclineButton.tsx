import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/client';
import { ProblemAlert } from '../ui/States';
import { BusyButton } from './BusyButton';
import { declineAssignment, keys } from './reviewApi';

/** Declaring a conflict of interest: the reason is asked for in a confirmation dialog. */
export function DeclineButton({
  assignmentId,
  onDeclined,
}: {
  assignmentId: string;
  onDeclined: () => void;
}) {
  const { t } = useTranslation(['reviews', 'common']);
  const queries = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);

  const decline = useMutation({
    mutationFn: () => declineAssignment(assignmentId, reason.trim()),
    onSuccess: (result) => {
      queries.setQueryData(keys.assignment(assignmentId), result);
      void queries.invalidateQueries({ queryKey: keys.list });
      notifications.show({
        closeButtonProps: { 'aria-label': t('reviews:close') },
        color: 'green',
        message: t('reviews:decline.done'),
      });
      close();
      onDeclined();
    },
  });

  const confirm = (event: React.FormEvent) => {
    event.preventDefault();
    if (decline.isPending) return;
    if (!reason.trim()) {
      setMissing(true);
      field.current?.focus();
      return;
    }
    decline.mutate();
  };

  const problem = decline.error instanceof ApiProblem ? decline.error : null;
  return (
    <>
      <Button variant="outline" color="red.8" onClick={open}>
        {t('reviews:decline.open')}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={t('reviews:decline.title')}
        centered

        closeButtonProps={{ 'aria-label': t('reviews:close') }}
      >
        <form onSubmit={confirm} noValidate>
          <Stack>
            <Text size="sm">{t('reviews:decline.body')}</Text>
            <Textarea
              label={t('reviews:decline.reason')}
              description={t('reviews:decline.reasonHint')}
              required
              autosize
              minRows={3}
              maxLength={500}
              data-autofocus
              ref={field}
              value={reason}
              onChange={(event) => {
                setReason(event.currentTarget.value);
                setMissing(false);
              }}
              error={missing ? t('reviews:decline.reasonRequired') : problem?.fieldError('reason')}
            />
            <ProblemAlert error={decline.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common:cancel')}
              </Button>
              <BusyButton type="submit" color="red.8" busy={decline.isPending}>
                {t('reviews:decline.confirm')}
              </BusyButton>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
