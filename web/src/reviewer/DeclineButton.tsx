import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ReasonDialog } from '../ui/ReasonDialog';
import { ProblemAlert } from '../ui/States';
import { declineAssignment, keys } from './reviewApi';

/** The API's limit on a decline's reason (DeclineAssignmentDto). */
const MAX_REASON = 500;

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

  const decline = useMutation({
    mutationFn: (reason: string) => declineAssignment(assignmentId, reason),
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

  return (
    <>
      <Button variant="outline" color="red.8" onClick={open}>
        {t('reviews:decline.open')}
      </Button>
      <ReasonDialog
        opened={opened}
        onClose={close}
        title={t('reviews:decline.title')}
        body={t('reviews:decline.body')}
        label={t('reviews:decline.reason')}
        hint={t('reviews:decline.reasonHint')}
        required={t('reviews:decline.reasonRequired')}
        maxLength={MAX_REASON}
        confirm={t('reviews:decline.confirm')}
        danger
        busy={decline.isPending}
        error={decline.error}
        field="reason"
        alert={<ProblemAlert error={decline.error} />}
        onConfirm={(reason) => decline.mutate(reason)}
      />
    </>
  );
}
