import { Anchor, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Schemas } from '../../api/client';
import { formatInstant } from '../../time';
import { Money } from './Money';
import { useTimeZone } from './queries';
import { localized, totalsInLineOrder } from './text';

type Award = Schemas['AwardResponse'];

/** One award of the list: its project, amounts per side, and paid and remaining per currency. */
export function AwardRow({ award }: { award: Award }) {
  const { t, i18n } = useTranslation(['awards', 'common']);
  const timeZone = useTimeZone();
  const title = localized(award.applicationTitle, i18n.language);
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/awards/${award.id}`} fw={500}>
          {title || t('awards:untitled')}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          {award.lines.map((line) => (
            <Text size="sm" key={`${line.side}:${line.currency}`}>
              {t(`common:sides.${line.side}`)}{' '}
              <Money minor={line.amountMinor} currency={line.currency} />
            </Text>
          ))}
        </Stack>
      </Table.Td>
      <Table.Td ta="right">
        <PerCurrency
          totals={totalsInLineOrder(award.lines, award.totals)}
          pick={(total) => total.disbursedMinor}
        />
      </Table.Td>
      <Table.Td ta="right">
        <PerCurrency
          totals={totalsInLineOrder(award.lines, award.totals)}
          pick={(total) => total.remainingMinor}
        />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatInstant(award.createdAt, timeZone, i18n.language)}</Text>
      </Table.Td>
    </Table.Tr>
  );
}

function PerCurrency({
  totals,
  pick,
}: {
  totals: Schemas['AwardTotal'][];
  pick: (total: Schemas['AwardTotal']) => number;
}) {
  return (
    <Stack gap={2}>
      {totals.map((total) => (
        <Text size="sm" key={total.currency}>
          <Money minor={pick(total)} currency={total.currency} />
        </Text>
      ))}
    </Stack>
  );
}
