import { Anchor, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type Me, useMe } from '../../auth/useSession';
import { Attachments } from '../../city/documents/Attachments';
import { AwardLink } from '../../city/awards/amendments/AwardLink';
import { Content } from '../../city/applications/Content';
import {
  type Application,
  applicationQuery,
  type Partnership,
  SIDES,
  useHistory,
  usePartnerships,
  useRound,
  useSignedVersions,
} from '../../city/applications/data';
import { History } from '../../city/applications/History';
import { TwoZones } from '../../city/applications/Instant';
import { cityName, cityOfSide, pickText } from '../../city/applications/names';
import { StatusBadge } from '../../city/applications/StatusBadge';
import { PageLoader, ProblemAlert } from '../../ui/States';
import { Decision } from './Decision';
import { Reviewers } from './Reviewers';
import { partnershipName } from './OfficeApplicationsPage';

type Role = Me['role'];

/** Who reads the office's view of an application, and who acts on it (SPEC §4). */
export const OFFICE_READERS: Role[] = ['program_officer', 'admin', 'auditor'];
const OFFICE_ACTORS: Role[] = ['program_officer', 'admin'];

export function Component() {
  const { t } = useTranslation(['decisions']);
  const role = useMe().data?.role;
  if (!role) return <PageLoader />;
  // Other roles ask nothing of the API here: this page is the office's, not theirs.
  if (!OFFICE_READERS.includes(role)) {
    return (
      <Stack>
        <Title order={2}>{t('decisions:detail.heading')}</Title>
        <Text>{t('decisions:detail.notForRole')}</Text>
      </Stack>
    );
  }
  return <OfficeApplication mayAct={OFFICE_ACTORS.includes(role)} />;
}

function OfficeApplication({ mayAct }: { mayAct: boolean }) {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation(['decisions', 'applications']);
  const query = useQuery(applicationQuery(id));
  const partnerships = usePartnerships();
  const round = useRound(query.data?.application.roundId);
  const versions = useSignedVersions(id);
  const history = useHistory(id);

  if (query.isPending) return <PageLoader />;
  if (!query.data) {
    return (
      <Stack>
        <BackLink />
        <Title order={2}>{t('decisions:detail.heading')}</Title>
        <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }

  const application = query.data.application;
  const partnership = partnerships.data?.find((p) => p.id === application.partnershipId);
  const title = pickText(application.title, i18n.language);
  const roundTitle = round.data ? pickText(round.data.title, i18n.language) : null;
  const reload = () => {
    void query.refetch();
    void history.refetch();
  };

  return (
    <Stack gap="lg">
      <BackLink roundId={application.roundId} />
      <Stack gap="xs">
        <Title order={2} lang={title.lang}>
          {title.text || t('applications:untitled')}
        </Title>
        <Group gap="sm">
          <StatusBadge status={application.status} />
          {partnership && <Text size="sm">{partnershipName(partnership, i18n.language)}</Text>}
          {roundTitle && round.data && (
            <Anchor component={Link} to={`/rounds/${round.data.id}`} size="sm">
              <span lang={roundTitle.lang}>{roundTitle.text}</span> ({round.data.code})
            </Anchor>
          )}
          <Anchor component={Link} to={`/rounds/${application.roundId}/ranking`} size="sm">
            {t('decisions:detail.ranking')}
          </Anchor>
          <AwardLink application={application} />
        </Group>
      </Stack>

      <Section title={t('decisions:decision.title')}>
        <Decision application={application} onDecided={reload} />
      </Section>

      <Section title={t('decisions:assign.title')}>
        <Reviewers
          application={application}
          round={round.data}
          partnership={partnership}
          mayAssign={mayAct}
          onChanged={reload}
        />
      </Section>

      <Section title={t('decisions:detail.content')}>
        <Content application={application} round={round.data} />
      </Section>

      <Attachments owner={{ type: 'application', id: application.id }} canChange={false} framed />

      <Section title={t('decisions:detail.signatures')}>
        <Signatures application={application} partnership={partnership} />
      </Section>

      <Section title={t('decisions:detail.history')}>
        {history.data ? (
          <History
            entries={history.data}
            partnership={partnership}
            versions={versions.data ?? []}
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

/** Back to the list, filtered by the application's round when it is known. */
function BackLink({ roundId }: { roundId?: string }) {
  const { t } = useTranslation(['decisions']);
  return (
    <Anchor
      component={Link}
      to={roundId ? `/office/applications?roundId=${roundId}` : '/office/applications'}
      size="sm"
    >
      ← {t('decisions:detail.back')}
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

/** Which city signed, and when (in Japan time and the US city's zone). */
function Signatures({
  application,
  partnership,
}: {
  application: Application;
  partnership?: Partnership;
}) {
  const { t, i18n } = useTranslation(['decisions', 'common']);
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      {SIDES.map((side) => {
        const signature = application.signatures.find((s) => s.side === side);
        const city = partnership ? cityOfSide(partnership, side) : undefined;
        return (
          <Stack gap={2} key={side}>
            <Text fw={600}>
              {t(`common:sides.${side}`)}
              {city && ` · ${cityName(city, i18n.language)}`}
            </Text>
            {signature ? (
              <TwoZones
                iso={signature.signedAt}
                usTimeZone={partnership?.usCity.timezone}
                usCity={partnership ? cityName(partnership.usCity, i18n.language) : undefined}
              />
            ) : (
              <Text size="sm" c="dimmed">
                {t('decisions:detail.notSigned')}
              </Text>
            )}
          </Stack>
        );
      })}
    </SimpleGrid>
  );
}
