import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/useSession';
import { ScrollTable } from '../../city/awards/ScrollTable';
import { BankOf } from '../../city/payees/BankOf';
import { DEVICE_TIME_ZONE, formatInstant } from '../../time';
import type { PayeeAccount } from '../api';
import { CityName } from '../parts/CityName';
import { VerifyButton } from './VerifyButton';

/** Accounts awaiting verification: what the officer checks against the bank's confirmation. */
export function PayeeQueueTable({
  accounts,
  canVerify,
}: {
  accounts: PayeeAccount[];
  canVerify: boolean;
}) {
  const { t, i18n } = useTranslation(['finance', 'payees', 'common']);
  const me = useMe().data;
  return (
    <ScrollTable label={t('finance:payees.caption')} minWidth={1040}>
      <Table striped withTableBorder verticalSpacing="sm" captionSide="top">
        <Table.Caption>{t('finance:payees.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('finance:payees.city')}</Table.Th>
            <Table.Th scope="col">{t('finance:payees.rail')}</Table.Th>
            <Table.Th scope="col">{t('payees:bank')}</Table.Th>
            <Table.Th scope="col">{t('payees:account')}</Table.Th>
            <Table.Th scope="col">{t('payees:holder')}</Table.Th>
            <Table.Th scope="col">{t('finance:payees.entered')}</Table.Th>
            {canVerify && <Table.Th scope="col">{t('common:actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {accounts.map((account) => {
            const mine = account.enteredBy === me?.id;
            return (
              <Table.Tr key={account.id}>
                <Table.Td>
                  <CityName id={account.cityId} />
                </Table.Td>
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
                  {account.rail === 'zengin' && (
                    <Text size="xs" c="dimmed">
                      {t('finance:payees.kanaNote')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {formatInstant(account.createdAt, DEVICE_TIME_ZONE, i18n.language)}
                  </Text>
                  {mine && (
                    <Text size="xs" c="dimmed">
                      {t('finance:payees.enteredByYou')}
                    </Text>
                  )}
                </Table.Td>
                {canVerify && (
                  <Table.Td>
                    <VerifyButton account={account} />
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
