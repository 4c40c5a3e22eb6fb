import { Button, Group } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../ui/States';
import { ReasonDialog } from '../../ui/ReasonDialog';
import { type ActionProps, formError, MAX_REASON, usePayoutAction } from './usePayoutAction';

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
        label={t('finance:disbursement.cancel.reason')}
        required={t('finance:disbursement.cancel.reasonRequired')}
        confirm={t('finance:disbursement.cancel.confirm')}
        dismiss={t('finance:disbursement.keep')}
        busy={cancel.isPending}
        maxLength={MAX_REASON}
        danger
        error={formError(cancel.error)}
        field="reason"
        alert={<ProblemAlert error={formError(cancel.error)} fieldsOnForm />}
        onConfirm={(reason) => cancel.mutate({ reason }, { onSuccess: dialog.close })}
      />
    </Group>
  );
}
