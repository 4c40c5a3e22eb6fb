import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { formatMoney } from '../money';
import { formatDate } from '../time';
import { Empty, PageLoader, ProblemAlert } from '../ui/States';
import {
  acceptsApplications,
  type City,
  keys,
  type Partnership,
  type Round,
  usePartnerships,
  useRounds,
} from './applications/data';
import { TwoZones } from './applications/Instant';
import { cityName, pickText } from './applications/names';

export function Component() {
  const { t } = useTranslation(['partnerships', 'common']);
  const partnerships = usePartnerships();
  const rounds = useRounds();
  const openRounds = (rounds.data ?? []).filter((round) => acceptsApplications(round));

  return (
    <Stack>
      <Title order={2}>{t('partnerships:title')}</Title>
      <Text c="dimmed">{t('partnerships:intro')}</Text>
      {partnerships.isPending ? (
        <PageLoader />
      ) : !partnerships.data ? (
        <ProblemAlert error={partnerships.error} onRetry={() => void partnerships.refetch()} />
      ) : partnerships.data.length === 0 ? (
        <Empty>{t('partnerships:empty')}</Empty>
      ) : (
        <>
          {rounds.isError && (
            <ProblemAlert error={rounds.error} onRetry={() => void rounds.refetch()} />
          )}
          {rounds.isSuccess && openRounds.length === 0 && (
            <Text>{t('partnerships:noOpenRound')}</Text>
          )}
          {partnerships.data.map((partnership) => (
            <PartnershipCard
              key={partnership.id}
              partnership={partnership}
              openRounds={openRounds}
            />
          ))}
        </>
      )}
    </Stack>
  );
}

function PartnershipCard({
  partnership,
  openRounds,
}: {
  partnership: Partnership;
  openRounds: Round[];
}) {
  const { t, i18n } = useTranslation(['partnerships']);
  const headingId = useId();
  const active = partnership.status === 'active';
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Title order={3} size="h4" id={headingId}>
            {t('partnerships:pair', {
              jp: cityName(partnership.jpCity, i18n.language),
              us: cityName(partnership.usCity, i18n.language),
            })}
          </Title>
          <Badge color={active ? 'green' : 'gray'} variant="dot" radius="sm" tt="none" size="lg">
            {t(`partnerships:status.${partnership.status}`)}
          </Badge>
        </Group>
        <Text size="sm">
          {t('partnerships:established', {
            date: formatDate(partnership.establishedOn, i18n.language),
          })}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <CityBlock city={partnership.jpCity} />
          <CityBlock city={partnership.usCity} />
        </SimpleGrid>
        {active ? (
          openRounds.length > 0 && <Rounds partnership={partnership} rounds={openRounds} />
        ) : (
          <Text size="sm">{t('partnerships:inactive')}</Text>
        )}
      </Stack>
    </Paper>
  );
}

function CityBlock({ city }: { city: City }) {
  const { t, i18n } = useTranslation(['partnerships', 'common']);
  const name = pickText(city.name, i18n.language);
  const other = name.lang === 'en' ? city.name.ja : city.name.en;
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {t(`common:sides.${city.country}`)}
      </Text>
      <Text fw={600} lang={name.lang}>
        {name.text}
        {other && other !== name.text && (
          <Text span c="dimmed" fw={400} lang={name.lang === 'en' ? 'ja' : 'en'}>
            {' '}
            ({other})
          </Text>
        )}
      </Text>
      <Text size="sm">{t('partnerships:region', { region: city.region })}</Text>
      <Text size="sm">{t('partnerships:timeZone', { zone: city.timezone })}</Text>
    </Stack>
  );
}

function Rounds({ partnership, rounds }: { partnership: Partnership; rounds: Round[] }) {
  const { t } = useTranslation(['partnerships']);
  return (
    <Stack gap="sm">
      <Title order={4} size="h5">
        {t('partnerships:openRounds')}
      </Title>
      {rounds.map((round) => (
        <RoundRow key={round.id} partnership={partnership} round={round} />
      ))}
    </Stack>
  );
}

/** The partnership's live application in a round, if it has one (one at most: SPEC §5.3). */
function useLiveApplication(partnershipId: string, roundId: string) {
  return useQuery({
    queryKey: keys.inRound(partnershipId, roundId),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/applications', {
          params: { query: { partnershipId, roundId, limit: 200 } },
        }),
      ).data.find((a) => a.status !== 'withdrawn') ?? null,
  });
}

function RoundRow({ partnership, round }: { partnership: Partnership; round: Round }) {
  const { t, i18n } = useTranslation(['partnerships']);
  const live = useLiveApplication(partnership.id, round.id);
  const title = pickText(round.title, i18n.language);
  const maxAward = round.maxAward
    .map((m) => formatMoney(m.amountMinor, m.currency, i18n.language))
    .join(' / ');
  const query = new URLSearchParams({ partnershipId: partnership.id, roundId: round.id });
  return (
    <Paper withBorder p="sm" bg="var(--mantine-color-gray-0)">
      <Group justify="space-between" align="center" wrap="wrap">
        <Stack gap={4}>
          <Text fw={600} lang={title.lang}>
            {title.text}{' '}
            <Text span c="dimmed" size="sm">
              ({round.code})
            </Text>
          </Text>
          <Text size="sm">{t('partnerships:maxAward', { amounts: maxAward })}</Text>
          <Text size="sm" fw={500}>
            {t('partnerships:closesAt')}
          </Text>
          <TwoZones
            iso={round.closesAt}
            usTimeZone={partnership.usCity.timezone}
            usCity={cityName(partnership.usCity, i18n.language)}
          />
        </Stack>
        {live.isPending ? null : live.data ? (
          <Stack gap={4} align="flex-end">
            <Text size="sm">{t('partnerships:alreadyApplied')}</Text>
            <Anchor
              component={Link}
              to={`/applications/${live.data.id}`}
              aria-label={`${t('partnerships:openApplication')}: ${title.text}`}
            >
              {t('partnerships:openApplication')}
            </Anchor>
          </Stack>
        ) : (
          <Button
            component={Link}
            to={`/applications/new?${query.toString()}`}
            aria-label={`${t('partnerships:start')}: ${title.text}`}
          >
            {t('partnerships:start')}
          </Button>
        )}
      </Group>
    </Paper>
  );
}
