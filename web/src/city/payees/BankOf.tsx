import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';

/** Zengin: bank and branch names (from zengin-code) with their codes; ACH: the routing number. */
export function BankOf({ account }: { account: Schemas['PayeeAccountResponse'] }) {
  const { t } = useTranslation('payees');
  if (account.rail === 'ach') {
    return <Text size="sm">{t('payees:routing', { number: account.routingNumber ?? '' })}</Text>;
  }
  return (
    <>
      <Text size="sm" lang="ja">
        {account.bankName} <Code>{account.bankCode}</Code>
      </Text>
      <Text size="sm" lang="ja">
        {account.branchName} <Code>{account.branchCode}</Code>
      </Text>
    </>
  );
}

function Code({ children }: { children: React.ReactNode }) {
  return (
    <Text span size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
      ({children})
    </Text>
  );
}
