import { Table, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type Currency, toMinor } from '../../money';
import { amountText, CURRENCIES, type FieldErrors, type MoneyDraft } from './form';

/**
 * The budget and the largest award of each currency, typed in yen or in dollars (the API stores
 * minor units). A currency left blank has no budget: the round funds only the other side.
 */
export function MoneyEditor({
  money,
  errors,
  onChange,
}: {
  money: Record<Currency, MoneyDraft>;
  errors: FieldErrors;
  onChange: (money: Record<Currency, MoneyDraft>, touched: string) => void;
}) {
  const { t } = useTranslation(['rounds']);
  const update = (currency: Currency, field: keyof MoneyDraft, text: string) =>
    onChange({ ...money, [currency]: { ...money[currency], [field]: text } }, `money.${currency}.`);

  /** On leaving the field, a valid amount is rewritten with its grouping and decimals. */
  const normalize = (currency: Currency, field: keyof MoneyDraft) => {
    const minor = toMinor(money[currency][field], currency);
    if (minor !== null) update(currency, field, amountText(minor, currency));
  };

  const input = (currency: Currency, field: keyof MoneyDraft) => (
    <TextInput
      aria-label={t(`rounds:money.${field}In`, { currency: t(`rounds:currency.${currency}`) })}
      inputMode="decimal"
      autoComplete="off"
      leftSection={currency === 'JPY' ? '¥' : '$'}
      value={money[currency][field]}
      error={errors[`money.${currency}.${field}`]}
      onChange={(event) => update(currency, field, event.currentTarget.value)}
      onBlur={() => normalize(currency, field)}
      styles={{ input: { textAlign: 'right' } }}
    />
  );

  return (
    <Table.ScrollContainer minWidth={620}>
      <Table verticalSpacing="xs" aria-label={t('rounds:money.caption')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('rounds:money.currency')}</Table.Th>
            <Table.Th scope="col" w={240}>
              {t('rounds:money.budget')}
            </Table.Th>
            <Table.Th scope="col" w={240}>
              {t('rounds:money.maxAward')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {CURRENCIES.map((currency) => (
            <Table.Tr key={currency} style={{ verticalAlign: 'top' }}>
              <Table.Th scope="row" pt={14}>
                <Text size="sm" fw={500}>
                  {t(`rounds:currency.${currency}`)}
                </Text>
              </Table.Th>
              <Table.Td>{input(currency, 'budget')}</Table.Td>
              <Table.Td>{input(currency, 'maxAward')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
