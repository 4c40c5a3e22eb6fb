import { Button, Fieldset, Grid, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Currency } from '../../money';
import { Money } from '../awards/Money';
import {
  CATEGORY_MAX,
  DESCRIPTION_MAX,
  emptyExpense,
  type ExpenseDraft,
  type ExpenseErrors,
  totalsOf,
} from './expenses';

export const MAX_LINES = 200;

interface Props {
  drafts: ExpenseDraft[];
  onChange: (drafts: ExpenseDraft[]) => void;
  errors: ExpenseErrors;
  /** The currency a new line starts in (the reporting side's). */
  currency: Currency;
}

/** The expense lines of a report: added, edited and removed; amounts typed in yen or dollars. */
export function ExpenseLines({ drafts, onChange, errors, currency }: Props) {
  const { t } = useTranslation(['reports', 'common']);
  const update = (index: number, change: Partial<ExpenseDraft>) =>
    onChange(drafts.map((draft, i) => (i === index ? { ...draft, ...change } : draft)));
  const remove = (index: number) => onChange(drafts.filter((_, i) => i !== index));

  return (
    <Stack gap="sm">
      {drafts.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('reports:expense.none')}
        </Text>
      )}
      {drafts.map((draft, index) => (
        <ExpenseLine
          key={draft.key}
          index={index}
          draft={draft}
          errors={errors[index] ?? {}}
          onChange={(change) => update(index, change)}
          onRemove={() => remove(index)}
        />
      ))}
      <Group justify="space-between" align="flex-start">
        <Button
          variant="light"
          onClick={() => onChange([...drafts, emptyExpense(currency)])}
          disabled={drafts.length >= MAX_LINES}
        >
          {t('reports:expense.add')}
        </Button>
        <ExpenseTotals drafts={drafts} />
      </Group>
    </Stack>
  );
}

function ExpenseLine({
  index,
  draft,
  errors,
  onChange,
  onRemove,
}: {
  index: number;
  draft: ExpenseDraft;
  errors: ExpenseErrors[number];
  onChange: (change: Partial<ExpenseDraft>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation(['reports', 'common']);
  return (
    <Fieldset legend={t('reports:expense.legend', { n: index + 1 })} p="sm">
      <Grid gap="sm" align="flex-start">
        <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
          <TextInput
            label={t('reports:expense.category')}
            description={t('reports:expense.categoryHint')}
            required
            maxLength={CATEGORY_MAX}
            value={draft.category}
            error={errors.category}
            onChange={(event) => onChange({ category: event.currentTarget.value })}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
          <TextInput
            label={t('reports:expense.description')}
            description={t('reports:expense.descriptionHint')}
            maxLength={DESCRIPTION_MAX}
            value={draft.description}
            error={errors.description}
            onChange={(event) => onChange({ description: event.currentTarget.value })}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 5, sm: 3, md: 2 }}>
          <NativeSelect
            label={t('reports:expense.currency')}
            description={t('reports:expense.currencyHint')}
            value={draft.currency}
            error={errors.currency}
            data={['JPY', 'USD']}
            onChange={(event) => onChange({ currency: event.currentTarget.value as Currency })}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 7, sm: 5, md: 3 }}>
          <TextInput
            label={t(`reports:expense.amount.${draft.currency}`)}
            description={t(`reports:expense.amountHint.${draft.currency}`)}
            required
            inputMode={draft.currency === 'JPY' ? 'numeric' : 'decimal'}
            autoComplete="off"
            leftSection={draft.currency === 'JPY' ? '¥' : '$'}
            value={draft.amount}
            error={errors.amountMinor}
            onChange={(event) => onChange({ amount: event.currentTarget.value })}
          />
        </Grid.Col>
      </Grid>
      <Group justify="flex-end" mt="xs">
        <Button
          variant="subtle"
          color="red"
          size="xs"
          onClick={onRemove}
          aria-label={t('reports:expense.removeLine', { n: index + 1 })}
        >
          {t('reports:expense.remove')}
        </Button>
      </Group>
    </Fieldset>
  );
}

function ExpenseTotals({ drafts }: { drafts: ExpenseDraft[] }) {
  const { t } = useTranslation('reports');
  const totals = totalsOf(drafts);
  if (!totals.length) return null;
  return (
    <Text size="sm" aria-live="polite">
      {t('reports:expense.total')}{' '}
      {totals.map((total, i) => (
        <span key={total.currency}>
          {i > 0 && ' · '}
          <Money minor={total.minor} currency={total.currency} />
        </span>
      ))}
    </Text>
  );
}
