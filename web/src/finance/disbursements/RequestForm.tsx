import { Alert, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, type Schemas } from '../../api/client';
import { BusyButton } from '../../ui/BusyButton';
import { PageLoader, ProblemAlert } from '../../ui/States';
import { type PayeeAccount, RAIL_OF, useVerifiedAccounts } from '../api';
import { type ActionProps, formError, usePayoutAction } from './usePayoutAction';

const accountLabel = (a: PayeeAccount) =>
  [a.bankName, a.routingNumber, a.accountNumberMasked, a.holderName].filter(Boolean).join(' · ');

/** A finance officer asks for the payout, into a verified account of the side's city and rail. */
export function RequestForm(props: ActionProps & { award: Schemas['AwardResponse'] }) {
  const { payout, award } = props;
  const { t } = useTranslation(['finance', 'payees', 'common']);
  const rail = RAIL_OF[payout.currency];
  const cityId = payout.side === 'US' ? award.usCityId : award.jpCityId;
  const accounts = useVerifiedAccounts(cityId, rail);
  const [accountId, setAccountId] = useState('');
  const [missing, setMissing] = useState(false);
  const request = usePayoutAction(props, 'request', () => t('finance:disbursement.request.done'));
  const problem = request.error instanceof ApiProblem ? request.error : null;
  const names = { side: t(`common:sides.${payout.side}`), rail: t(`payees:railShort.${rail}`) };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (request.isPending) return;
    if (!accountId) {
      setMissing(true);
      return;
    }
    request.mutate({ payeeAccountId: accountId });
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="payout-request">
      <Title order={3} id="payout-request" mb="xs">
        {t('finance:disbursement.request.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('finance:disbursement.request.body', names)}
      </Text>
      {accounts.isPending ? (
        <PageLoader />
      ) : !accounts.data ? (
        <ProblemAlert error={accounts.error} onRetry={() => void accounts.refetch()} />
      ) : !accounts.data.length ? (
        <Alert color="orange" role="note">
          {t('finance:disbursement.request.noAccount', names)}
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <NativeSelect
              label={t('finance:disbursement.request.account')}
              description={t('finance:disbursement.request.accountHint')}
              required
              value={accountId}
              onChange={(event) => {
                setAccountId(event.currentTarget.value);
                setMissing(false);
              }}
              error={
                missing
                  ? t('finance:disbursement.request.required')
                  : problem?.fieldError('payeeAccountId')
              }
              data={[
                { value: '', label: '—' },
                ...accounts.data.map((a) => ({ value: a.id, label: accountLabel(a) })),
              ]}
            />
            <ProblemAlert
              error={formError(request.error)}
              explain={{
                rule_violation: 'finance:disbursement.refused.rule_violation.request',
              }}
              fieldsOnForm
            />
            {problem?.code === 'rule_violation' && (
              <Text size="sm" c="red.8">
                {problem.detail}
              </Text>
            )}
            <Group>
              <BusyButton type="submit" busy={request.isPending}>
                {t('finance:disbursement.request.submit')}
              </BusyButton>
            </Group>
          </Stack>
        </form>
      )}
    </Paper>
  );
}
