import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { BankOf } from '../../city/payees/BankOf';

/** The account a payout was requested to: bank, masked number, holder (kana for Zengin). */
export function PaidInto({ accountId }: { accountId: string }) {
  const { t } = useTranslation(['payees']);
  const account = useQuery({
    queryKey: ['finance', 'account', accountId],
    staleTime: 5 * 60_000,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/payee-accounts/{id}', { params: { path: { id: accountId } } })),
  });
  if (!account.data) return <Text size="sm">…</Text>;
  const a = account.data;
  return (
    <div>
      <BankOf account={a} />
      <Text size="sm">
        {t(`payees:accountType.${a.rail}.${a.accountType}`, { defaultValue: a.accountType })}{' '}
        <Text span ff="monospace" size="sm">
          {a.accountNumberMasked}
        </Text>
      </Text>
      <Text size="sm" lang={a.rail === 'zengin' ? 'ja' : 'en'}>
        {a.holderName}
      </Text>
    </div>
  );
}
