import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ReasonDialog } from '../../ui/ReasonDialog';
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

  const send = useMutation({
    mutationFn: (message: string) => requestChanges(report, message),
    onSuccess: (sent) => {
      close();
      onSent(sent);
    },
    onError: (error) => {
      if (!isStale(error)) return;
      close();
      onStale(error);
    },
  });

  return (
    <>
      <Button variant="outline" onClick={open}>
        {t('oversight:changes.open')}
      </Button>
      <ReasonDialog
        opened={opened}
        onClose={close}
        title={t('oversight:changes.title')}
        body={t('oversight:changes.body')}
        label={t('oversight:changes.message')}
        hint={t('oversight:changes.messageHint')}
        // The API refuses an empty message too; asked here first, nothing is sent.
        required={t('oversight:changes.required')}
        maxLength={MAX_MESSAGE}
        minRows={4}
        confirm={t('oversight:changes.confirm')}
        busy={send.isPending}
        error={send.error}
        field="message"
        alert={!isStale(send.error) && <ProblemAlert error={send.error} fieldsOnForm />}
        onConfirm={(message) => send.mutate(message)}
      />
    </>
  );
}
