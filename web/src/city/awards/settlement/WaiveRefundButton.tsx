import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ReasonDialog } from '../../../ui/ReasonDialog';
import { ProblemAlert } from '../../../ui/States';
import { afterSettling } from './invalidate';
import { MAX_REASON, type Refund, waiveRefund } from './queries';

/** The program office waives what is still outstanding, with its reason. */
export function WaiveRefundButton({ refund }: { refund: Refund }) {
  const { t } = useTranslation(['settlement', 'common']);
  const queries = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const waive = useMutation({
    mutationFn: (reason: string) => waiveRefund(refund, reason),
    onSuccess: () => {
      close();
      notifications.show({
        closeButtonProps: { 'aria-label': t('common:close') },
        color: 'green',
        message: t('settlement:waive.done'),
      });
      afterSettling(queries, refund.awardId);
    },
  });
  return (
    <>
      <Button variant="outline" color="red.8" onClick={open} w="fit-content">
        {t('settlement:waive.open')}
      </Button>
      <ReasonDialog
        opened={opened}
        onClose={close}
        title={t('settlement:waive.title')}
        body={t('settlement:waive.body')}
        label={t('settlement:waive.reason')}
        required={t('settlement:waive.required')}
        maxLength={MAX_REASON}
        confirm={t('settlement:waive.confirm')}
        danger
        busy={waive.isPending}
        error={waive.error}
        field="reason"
        alert={<ProblemAlert error={waive.error} fieldsOnForm />}
        onConfirm={(reason) => waive.mutate(reason)}
      />
    </>
  );
}
