import { Anchor, Button, Code, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMe } from '../auth/useSession';
import { JAPAN_TIME_ZONE } from '../time';
import { PageLoader, ProblemAlert } from '../ui/States';
import { SignAction, WithdrawAction } from './applications/Actions';
import { ChangesSinceSigned } from './applications/Changes';
import { Content } from './applications/Content';
import {
  type Application,
  applicationQuery,
  EDITABLE,
  type HistoryEntry,
  type Partnership,
  type Side,
  SIDES,
  useHistory,
  usePartnerships,
  useRound,
  useSignedVersions,
  WITHDRAWABLE,
} from './applications/data';
import { History } from './applications/History';
import { TwoZones } from './applications/Instant';
import { cityName, cityOfSide, otherSide, pickText, sideOf } from './applications/names';
import { NextStep, StatusBadge } from './applications/StatusBadge';
import { Warning } from './applications/Warning';
import { Attachments } from './documents/Attachments';

export function Component() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation(['applications', 'common']);
  const me = useMe().data;
  const query = useQuery(applicationQuery(id));
  const partnerships = usePartnerships();
  const round = useRound(query.data?.application.roundId);
  const versions = useSignedVersions(id);
  const history = useHistory(id);

  if (query.isPending) return <PageLoader />;
  if (!query.data) {
    return (
      <Stack>
        <Title order={2}>{t('applications:detail.heading')}</Title>
        <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />
        <BackLink />
      </Stack>
    );
  }

  const application = query.data.application;
  const partnership = partnerships.data?.find((p) => p.id === application.partnershipId);
  const mySide = sideOf(application, me?.cityId);
  const title = pickText(application.title, i18n.language);
  const reload = () => {
    void query.refetch();
    void versions.refetch();
    void history.refetch();
  };

  return (
    <Stack gap="lg">
      <BackLink />
      <Stack gap="xs">
        <Title order={2} lang={title.lang}>
          {title.text || t('applications:untitled')}
        </Title>
        <Group gap="sm">
          <StatusBadge status={application.status} />
          {partnership && (
            <Text size="sm">
              {cityName(partnership.jpCity, i18n.language)} –{' '}
              {cityName(partnership.usCity, i18n.language)}
            </Text>
          )}
          {round.data && (
            <Text size="sm" c="dimmed" lang={pickText(round.data.title, i18n.language).lang}>
              {pickText(round.data.title, i18n.language).text} ({round.data.code})
            </Text>
          )}
        </Group>
      </Stack>

      <NextActions
        application={application}
        partnership={partnership}
        mySide={mySide}
        onReload={reload}
      />

      <Returned entries={history.data} status={application.status} />

      {versions.data && (
        <ChangesSinceSigned
          application={application}
          versions={versions.data}
          partnership={partnership}
          mySide={mySide}
        />
      )}
      {versions.isError && <ProblemAlert error={versions.error} />}

      <Section title={t('applications:detail.content')}>
        <Content application={application} round={round.data} />
      </Section>

      <Attachments
        owner={{ type: 'application', id }}
        canChange={mySide !== null && EDITABLE.includes(application.status)}
        locked={mySide !== null}
        halfSigned={application.status === 'awaiting_cosign'}
        onChanged={reload}
        framed
      />

      <Section title={t('applications:detail.signatures')}>
        <Signatures application={application} partnership={partnership} />
      </Section>

      <Section title={t('applications:history.title')}>
        {history.data ? (
          <History
            entries={history.data}
            partnership={partnership}
            versions={versions.data ?? []}
            myId={me?.id}
          />
        ) : history.isError ? (
          <ProblemAlert error={history.error} onRetry={() => void history.refetch()} />
        ) : (
          <PageLoader />
        )}
      </Section>
    </Stack>
  );
}

function BackLink() {
  const { t } = useTranslation(['applications']);
  return (
    <Anchor component={Link} to="/applications" size="sm">
      ← {t('applications:detail.back')}
    </Anchor>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const id = useId();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Stack gap="md">
        <Title order={3} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

/** The deadline's instant and the US zone the API rendered it in (beside Japan's). */
function usZoneOf(application: Application, partnership?: Partnership): string | undefined {
  const zones = Object.keys(application.deadline).filter(
    (key) => key !== 'closesAt' && key !== JAPAN_TIME_ZONE,
  );
  return zones[0] ?? partnership?.usCity.timezone;
}

/** Who must act next, in words, and the actions the user's city may take now. */
function NextActions({
  application,
  partnership,
  mySide,
  onReload,
}: {
  application: Application;
  partnership?: Partnership;
  mySide: Side | null;
  onReload: () => void;
}) {
  const { t, i18n } = useTranslation(['applications', 'common']);
  const signedSides = application.signatures.map((s) => s.side);
  const nameOf = (side: Side) =>
    partnership
      ? cityName(cityOfSide(partnership, side), i18n.language)
      : t(`common:sides.${side}`);
  const city = mySide ? nameOf(mySide) : '';
  const partner = mySide ? nameOf(otherSide(mySide)) : '';
  const open = Date.now() < Date.parse(application.deadline.closesAt);
  const editable = EDITABLE.includes(application.status);
  const canSign =
    mySide !== null &&
    open &&
    (application.status === 'draft' ||
      (application.status === 'awaiting_cosign' && !signedSides.includes(mySide)));

  let sentence: string | undefined;
  if (application.status === 'draft') sentence = t('applications:nextStep.draftDetail');
  if (application.status === 'awaiting_cosign' && mySide) {
    sentence = signedSides.includes(mySide)
      ? t('applications:nextStep.waitingForPartner', { partner })
      : t('applications:nextStep.yourSignature', { partner });
  }
  const usZone = usZoneOf(application, partnership);

  return (
    <Paper withBorder p="md" bg="gray.0">
      <Stack gap="sm">
        <NextStep status={application.status} text={sentence} prominent />
        {editable && (
          <Stack gap={2}>
            <Text size="sm" fw={600}>
              {t('applications:detail.deadline')}
            </Text>
            <TwoZones
              iso={application.deadline.closesAt}
              usTimeZone={usZone}
              usCity={partnership ? cityName(partnership.usCity, i18n.language) : undefined}
            />
            {!open && (
              <Text size="sm" c="red.9" fw={600}>
                {t('applications:detail.deadlinePassed')}
              </Text>
            )}
          </Stack>
        )}
        <Group>
          {canSign && (
            <SignAction
              application={application}
              city={city}
              partner={partner}
              cosign={application.status === 'awaiting_cosign'}
              onReload={onReload}
            />
          )}
          {editable && mySide && (
            <Button variant="default" component={Link} to={`/applications/${application.id}/edit`}>
              {t('applications:detail.edit')}
            </Button>
          )}
          {WITHDRAWABLE.includes(application.status) && mySide && (
            <WithdrawAction application={application} />
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

/** An application the program office sent back: its message, until the cities act on it. */
function Returned({
  entries,
  status,
}: {
  entries?: HistoryEntry[];
  status: Application['status'];
}) {
  const { t } = useTranslation(['applications']);
  const last = entries?.[entries.length - 1];
  if (status !== 'draft' || last?.action !== 'return') return null;
  return (
    <Warning title={t('applications:detail.returnedTitle')}>
      <Text size="sm">{t('applications:detail.returned')}</Text>
      {last.message && (
        <Text size="sm" mt="xs" style={{ whiteSpace: 'pre-wrap' }}>
          {last.message}
        </Text>
      )}
    </Warning>
  );
}

function Signatures({
  application,
  partnership,
}: {
  application: Application;
  partnership?: Partnership;
}) {
  const { t, i18n } = useTranslation(['applications', 'common']);
  return (
    <Stack gap="md">
      <Text size="sm">
        {t('applications:detail.currentHash')} <Code>{application.contentHash}</Code>
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {SIDES.map((side) => {
          const signature = application.signatures.find((s) => s.side === side);
          const city = partnership ? cityOfSide(partnership, side) : undefined;
          return (
            <Paper key={side} withBorder p="sm">
              <Stack gap={4}>
                <Text fw={600}>
                  {t(`common:sides.${side}`)}
                  {city && ` · ${cityName(city, i18n.language)}`}
                </Text>
                {signature ? (
                  <>
                    <Text size="sm">{t('applications:detail.signedAt')}</Text>
                    <TwoZones
                      iso={signature.signedAt}
                      usTimeZone={partnership?.usCity.timezone}
                      usCity={partnership ? cityName(partnership.usCity, i18n.language) : undefined}
                    />
                    <Text size="sm">
                      {signature.contentHash === application.contentHash
                        ? t('applications:detail.signedCurrent')
                        : t('applications:detail.signedOther')}
                    </Text>
                    <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
                      {signature.contentHash}
                    </Code>
                  </>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('applications:detail.notSigned')}
                  </Text>
                )}
              </Stack>
            </Paper>
          );
        })}
      </SimpleGrid>
    </Stack>
  );
}
