import { Alert, DataList, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { BankOf } from './BankOf';

interface Props {
  account: Schemas['PayeeAccountResponse'];
  /** The holder name as the user typed it, to show what the API made of it. */
  typedName: string;
  onClose: () => void;
}

/** The account as the API stored it: the holder name converted, bank and branch names looked up. */
export function SavedAccount({ account, typedName, onClose }: Props) {
  const { t } = useTranslation('payees');
  const converted = typedName.trim() !== account.holderName;
  return (
    <Alert
      color="green"
      title={t('payees:saved.title')}
      withCloseButton
      closeButtonLabel={t('payees:saved.close')}
      onClose={onClose}
      role="status"
    >
      <Text size="sm" mb="xs">
        {t('payees:saved.body')}
      </Text>
      <DataList size="sm" gap={4} labelWidth="11rem">
        {account.rail === 'zengin' && (
          <DataList.Item>
            <DataList.ItemLabel>{t('payees:bank')}</DataList.ItemLabel>
            <DataList.ItemValue>
              <BankOf account={account} />
            </DataList.ItemValue>
          </DataList.Item>
        )}
        <DataList.Item>
          <DataList.ItemLabel>{t('payees:account')}</DataList.ItemLabel>
          <DataList.ItemValue>
            {t(`payees:accountType.${account.rail}.${account.accountType}`, {
              defaultValue: account.accountType,
            })}{' '}
            <Text span ff="monospace">
              {account.accountNumberMasked}
            </Text>
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('payees:saved.stored')}</DataList.ItemLabel>
          <DataList.ItemValue>
            <Text span fw={600} lang={account.rail === 'zengin' ? 'ja' : 'en'}>
              {account.holderName}
            </Text>
          </DataList.ItemValue>
        </DataList.Item>
        {converted && (
          <DataList.Item>
            <DataList.ItemLabel>{t('payees:saved.typed')}</DataList.ItemLabel>
            <DataList.ItemValue lang={account.rail === 'zengin' ? 'ja' : 'en'}>
              {typedName}
            </DataList.ItemValue>
          </DataList.Item>
        )}
      </DataList>
      {converted && (
        <Text size="sm" mt="xs">
          {t(`payees:saved.converted.${account.rail}`)}
        </Text>
      )}
    </Alert>
  );
}
