import { Button, DataList, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client';
import { BankOf } from '../../city/payees/BankOf';
import { BusyButton } from '../../ui/BusyButton';
import { keys, type PayeeAccount, verifyAccount } from '../api';
import { CityName } from '../parts/CityName';
import { Detail } from '../../ui/Detail';
import { ProblemAlert } from '../../ui/States';

/** Verifying an account, confirmed in a dialog that repeats what is being verified. */
export function VerifyButton({ account }: { account: PayeeAccount }) {
  const { t } = useTranslation(['finance', 'payees', 'common']);
  const queries = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);

  const verify = useMutation({
    mutationFn: () => verifyAccount(account.id),
    onSuccess: (saved) => {
      notifications.show({
        closeButtonProps: { 'aria-label': t('finance:close') },
        color: 'green',
        message: t('finance:payees.verified', { holder: saved.holderName }),
      });
      close();
      void queries.invalidateQueries({ queryKey: keys.payeeQueue });
    },
  });

  const dismiss = () => {
    close();
    // Someone else dealt with it meanwhile: the queue is reloaded once the explanation was read
    // (reloading at once would take the row, and this dialog with it, away).
    if (verify.error instanceof ApiProblem && verify.error.code === 'invalid_state') {
      void queries.invalidateQueries({ queryKey: keys.payeeQueue });
    }
    verify.reset();
  };

  return (
    <>
      <Button
        size="xs"
        onClick={open}
        aria-label={t('finance:payees.verifyLabel', { holder: account.holderName })}
      >
        {t('finance:payees.verify')}
      </Button>
      <Modal
        opened={opened}
        onClose={dismiss}
        title={t('finance:payees.dialog.title')}
        centered
        closeButtonProps={{ 'aria-label': t('finance:close') }}
      >
        <Stack>
          <Text size="sm">{t('finance:payees.dialog.body')}</Text>
          <DataList size="sm" gap={4} labelWidth="9rem">
            <Detail label={t('finance:payees.city')}>
              <CityName id={account.cityId} />
            </Detail>
            <Detail label={t('payees:bank')}>
              <BankOf account={account} />
            </Detail>
            <Detail label={t('payees:account')}>
              {t(`payees:accountType.${account.rail}.${account.accountType}`, {
                defaultValue: account.accountType,
              })}{' '}
              <Text span ff="monospace" size="sm">
                {account.accountNumberMasked}
              </Text>
            </Detail>
            <Detail label={t('payees:holder')}>
              <Text span size="sm" lang={account.rail === 'zengin' ? 'ja' : 'en'}>
                {account.holderName}
              </Text>
            </Detail>
          </DataList>
          <ProblemAlert
            error={verify.error}
            explain={{
              rule_violation: 'finance:payees.refused.rule_violation',
              invalid_state: 'finance:payees.refused.invalid_state',
            }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={dismiss}>
              {t('common:cancel')}
            </Button>
            <BusyButton
              busy={verify.isPending}
              data-autofocus
              onClick={() => {
                if (!verify.isPending) verify.mutate();
              }}
            >
              {t('finance:payees.dialog.confirm')}
            </BusyButton>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
