import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { useMe } from '../../auth/useSession';
import { formatInstant } from '../../time';
import { useTimeZone } from '../awards/queries';
import { ScrollTable } from '../awards/ScrollTable';
import { BankOf } from './BankOf';
import { PayeeStatus } from './PayeeStatus';

type Account = Schemas['PayeeAccountResponse'];

/** The city's payee accounts; account numbers only as the API masks them. */
export function PayeeAccountsTable({ accounts }: { accounts: Account[] }) {
  const { t, i18n } = useTranslation('payees');
  const me = useMe().data;
  const timeZone = useTimeZone();
  return (
    <ScrollTable label={t('payees:caption')} minWidth={860}>
      <Table striped withTableBorder verticalSpacing="sm" captionSide="top">
        <Table.Caption>{t('payees:caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('payees:field.rail')}</Table.Th>
            <Table.Th scope="col">{t('payees:bank')}</Table.Th>
            <Table.Th scope="col">{t('payees:account')}</Table.Th>
            <Table.Th scope="col">{t('payees:holder')}</Table.Th>
            <Table.Th scope="col">{t('payees:statusLabel')}</Table.Th>
            <Table.Th scope="col">{t('payees:enteredAt')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {accounts.map((account) => (
            <Table.Tr key={account.id}>
              <Table.Td>
                <Text size="sm">{t(`payees:railShort.${account.rail}`)}</Text>
                <Text size="xs" c="dimmed">
                  {account.currency}
                </Text>
              </Table.Td>
              <Table.Td>
                <BankOf account={account} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {t(`payees:accountType.${account.rail}.${account.accountType}`, {
                    defaultValue: account.accountType,
                  })}
                </Text>
                <Text size="sm" ff="monospace">
                  {account.accountNumberMasked}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" lang={account.rail === 'zengin' ? 'ja' : 'en'}>
                  {account.holderName}
                </Text>
              </Table.Td>
              <Table.Td>
                <PayeeStatus account={account} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatInstant(account.createdAt, timeZone, i18n.language)}</Text>
                {account.enteredBy === me?.id && (
                  <Text size="xs" c="dimmed">
                    {t('payees:byYou')}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
