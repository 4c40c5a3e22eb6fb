import { Alert, Button, Group, Paper, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../auth/useSession';
import { formatMoney } from '../../money';
import { ProblemAlert } from '../../ui/States';
import { ReasonDialog } from '../../ui/ReasonDialog';
import { type ActionProps, formError, MAX_REASON, usePayoutAction } from './usePayoutAction';
import { ConfirmDialog } from '../../ui/ConfirmDialog';

/**
 * A finance approver's decision on a payout request. The page says beforehand when the approver
 * requested it themselves; the API is what refuses (segregation of duties), and the refusal is
 * explained in the dialog.
 */
export function ApprovalPanel(props: ActionProps & { me: Me }) {
  const { payout, me } = props;
  const { t, i18n } = useTranslation(['finance', 'common']);
  const [approving, approveDialog] = useDisclosure(false);
  const [rejecting, rejectDialog] = useDisclosure(false);
  const approve = usePayoutAction(props, 'approve', (saved) =>
    saved.status === 'approved'
      ? t('finance:disbursement.approve.done')
      : t('finance:disbursement.approve.already'),
  );
  const reject = usePayoutAction(props, 'reject', () => t('finance:disbursement.reject.done'));
  const closeApprove = () => {
    approveDialog.close();
    approve.reset();
  };
  const mine = payout.requestedBy === me.id;
  const approvedByMe = payout.approvals.some((a) => a.approverId === me.id);
  const explain = {
    rule_violation: 'finance:disbursement.refused.rule_violation.approve',
    conflict: 'finance:disbursement.refused.conflict',
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="payout-approval">
      <Title order={3} id="payout-approval" mb="xs">
        {t('finance:disbursement.approve.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('finance:disbursement.approve.body')}
      </Text>
      {(mine || approvedByMe) && (
        <Alert color="orange" role="note" mb="sm">
          {mine
            ? t('finance:disbursement.approve.yours')
            : t('finance:disbursement.approve.already')}
        </Alert>
      )}
      <Group>
        <Button onClick={approveDialog.open}>{t('finance:disbursement.approve.open')}</Button>
        <Button variant="outline" color="red.8" onClick={rejectDialog.open}>
          {t('finance:disbursement.reject.open')}
        </Button>
      </Group>
      <ConfirmDialog
        opened={approving}
        onClose={closeApprove}
        title={t('finance:disbursement.approve.dialogTitle')}
        body={t('finance:disbursement.approve.dialogBody', {
          amount: formatMoney(payout.amountMinor, payout.currency, i18n.language),
          side: t(`common:sides.${payout.side}`),
        })}
        alert={<ProblemAlert error={formError(approve.error)} explain={explain} />}
        confirm={t('finance:disbursement.approve.confirm')}
        busy={approve.isPending}
        onConfirm={() => approve.mutate(undefined, { onSuccess: approveDialog.close })}
      />
      <ReasonDialog
        opened={rejecting}
        onClose={() => {
          rejectDialog.close();
          reject.reset();
        }}
        title={t('finance:disbursement.reject.title')}
        body={t('finance:disbursement.reject.body')}
        label={t('finance:disbursement.reject.reason')}
        required={t('finance:disbursement.reject.reasonRequired')}
        confirm={t('finance:disbursement.reject.confirm')}
        dismiss={t('common:cancel')}
        busy={reject.isPending}
        maxLength={MAX_REASON}
        danger
        error={formError(reject.error)}
        field="reason"
        alert={<ProblemAlert error={formError(reject.error)} fieldsOnForm />}
        onConfirm={(reason) => reject.mutate({ reason }, { onSuccess: rejectDialog.close })}
      />
    </Paper>
  );
}
