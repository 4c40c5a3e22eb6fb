import { Button, Group } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { ReasonDialog } from '../parts/ReasonDialog';
import { type ActionProps, formError, usePayoutAction } from './usePayoutAction';

/** A finance officer cancels a payout not yet sent, with the reason. */
export function CancelButton(props: ActionProps) {
  const { t } = useTranslation('finance');
  const [opened, dialog] = useDisclosure(false);
  const cancel = usePayoutAction(props, 'cancel', () => t('finance:disbursement.cancel.done'));
  return (
    <Group>
      <Button variant="outline" color="red.8" onClick={dialog.open}>
        {t('finance:disbursement.cancel.open')}
      </Button>
      <ReasonDialog
        opened={opened}
        onClose={() => {
          dialog.close();
          cancel.reset();
        }}
        title={t('finance:disbursement.cancel.title')}
        body={t('finance:disbursement.cancel.body')}
        reasonLabel={t('finance:disbursement.cancel.reason')}
        reasonRequired={t('finance:disbursement.cancel.reasonRequired')}
        confirm={t('finance:disbursement.cancel.confirm')}
        dismiss={t('finance:disbursement.keep')}
        busy={cancel.isPending}
        error={formError(cancel.error)}
        explain={{}}
        onConfirm={(reason) => cancel.mutate({ reason }, { onSuccess: dialog.close })}
      />
    </Group>
  );
}
