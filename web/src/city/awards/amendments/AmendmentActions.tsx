import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BusyButton } from '../../../ui/BusyButton';
import { ReasonDialog } from '../../../ui/ReasonDialog';
import { ProblemAlert } from '../../../ui/States';
import {
  type Amendment,
  approveAmendment,
  declineAmendment,
  isStale,
  withdrawAmendment,
} from './queries';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';

/** The API's limit on a decision's note (ApproveAmendmentDto, DeclineAmendmentDto). */
const MAX_NOTE = 2000;

interface Props {
  amendment: Amendment;
  mayWithdraw: boolean;
  mayDecide: boolean;
  onDone: (message: string) => void;
  /** Decided or withdrawn meanwhile (409, 412): the section says so and shows it as it is. */
  onStale: (error: unknown) => void;
}

/** A requested amendment's actions: the cities withdraw it, the program office decides it. */
export function AmendmentActions({ amendment, mayWithdraw, mayDecide, onDone, onStale }: Props) {
  if (!mayWithdraw && !mayDecide) return null;
  return (
    <Group gap="xs">
      {mayDecide && <Approve amendment={amendment} onDone={onDone} onStale={onStale} />}
      {mayDecide && <Decline amendment={amendment} onDone={onDone} onStale={onStale} />}
      {mayWithdraw && <Withdraw amendment={amendment} onDone={onDone} onStale={onStale} />}
    </Group>
  );
}

type ActionProps = Omit<Props, 'mayWithdraw' | 'mayDecide'>;

/** A mutation that closes its dialog when done, or when the request moved on meanwhile. */
function useAction<T>(
  run: (input: T) => Promise<Amendment>,
  close: () => void,
  done: (amendment: Amendment) => void,
  onStale: (error: unknown) => void,
) {
  return useMutation({
    mutationFn: run,
    onSuccess: (amendment) => {
      close();
      done(amendment);
    },
    onError: (error) => {
      if (!isStale(error)) return;
      close();
      onStale(error);
    },
  });
}

function Approve({ amendment, onDone, onStale }: ActionProps) {
  const { t } = useTranslation(['amendments', 'common']);
  const [opened, { open, close }] = useDisclosure(false);
  const [note, setNote] = useState('');
  const approve = useAction(
    (text: string) => approveAmendment(amendment, text),
    close,
    (approved) =>
      onDone(t('amendments:approve.done', { version: approved.resultingVersion ?? '' })),
    onStale,
  );
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!approve.isPending) approve.mutate(note.trim());
  };

  return (
    <>
      <Button
        size="xs"
        color="teal.9"
        onClick={() => {
          setNote('');
          approve.reset();
          open();
        }}
      >
        {t('amendments:approve.open')}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={t('amendments:approve.title')}
        centered
        closeButtonProps={{ 'aria-label': t('common:close') }}
      >
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">{t('amendments:approve.body')}</Text>
            <Textarea
              label={t('amendments:approve.note')}
              autosize
              minRows={2}
              maxLength={MAX_NOTE}
              data-autofocus
              value={note}
              onChange={(event) => setNote(event.currentTarget.value)}
            />
            {!isStale(approve.error) && <ProblemAlert error={approve.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common:cancel')}
              </Button>
              <BusyButton type="submit" color="teal.9" busy={approve.isPending}>
                {t('amendments:approve.confirm')}
              </BusyButton>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

function Decline({ amendment, onDone, onStale }: ActionProps) {
  const { t } = useTranslation(['amendments', 'common']);
  const [opened, { open, close }] = useDisclosure(false);
  const decline = useAction(
    (reason: string) => declineAmendment(amendment, reason),
    close,
    () => onDone(t('amendments:decline.done')),
    onStale,
  );
  return (
    <>
      <Button
        size="xs"
        variant="outline"
        color="red.8"
        onClick={() => {
          decline.reset();
          open();
        }}
      >
        {t('amendments:decline.open')}
      </Button>
      <ReasonDialog
        opened={opened}
        onClose={close}
        title={t('amendments:decline.title')}
        body={t('amendments:decline.body')}
        label={t('amendments:decline.reason')}
        required={t('amendments:decline.required')}
        maxLength={MAX_NOTE}
        confirm={t('amendments:decline.confirm')}
        danger
        busy={decline.isPending}
        error={decline.error}
        field="note"
        alert={!isStale(decline.error) && <ProblemAlert error={decline.error} fieldsOnForm />}
        onConfirm={(reason) => decline.mutate(reason)}
      />
    </>
  );
}

function Withdraw({ amendment, onDone, onStale }: ActionProps) {
  const { t } = useTranslation(['amendments', 'common']);
  const [opened, { open, close }] = useDisclosure(false);
  const withdraw = useAction(
    () => withdrawAmendment(amendment),
    close,
    () => onDone(t('amendments:withdraw.done')),
    onStale,
  );
  return (
    <>
      <Button
        size="xs"
        variant="outline"
        onClick={() => {
          withdraw.reset();
          open();
        }}
      >
        {t('amendments:withdraw.open')}
      </Button>
      <ConfirmDialog
        opened={opened}
        onClose={close}
        title={t('amendments:withdraw.title')}
        body={t('amendments:withdraw.body')}
        alert={!isStale(withdraw.error) && <ProblemAlert error={withdraw.error} />}
        confirm={t('amendments:withdraw.confirm')}
        danger
        busy={withdraw.isPending}
        onConfirm={() => withdraw.mutate(undefined)}
      />
    </>
  );
}
