import { Alert, Button, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../../api/client';
import { useMe } from '../../../auth/useSession';
import type { Currency } from '../../../money';
import { Empty, PageLoader, ProblemAlert } from '../../../ui/States';
import { sideOf } from '../text';
import { AmendmentItem } from './AmendmentItem';
import { AwardVersions } from './AwardVersions';
import { keys, useAmendments, useVersions } from './queries';
import { RequestAmendmentForm } from './RequestAmendmentForm';

/** Who decides a requested amendment (the API's `rolesFor('approve')`). */
const DECIDERS = ['program_officer', 'admin'];

/** What the section says after an action: done, or refused because the request moved on. */
type Notice = { done: string } | { stale: unknown };

/**
 * The award's amendments (変更承認, issue 17): the list with what each changes and how it was
 * decided, the award's versions, a request form for a user of either of the award's cities, and
 * the office's approve and decline. Other roles read only.
 */
export function AwardAmendments({ award }: { award: Schemas['AwardResponse'] }) {
  const { t } = useTranslation(['amendments']);
  const me = useMe().data;
  const queries = useQueryClient();
  const amendments = useAmendments(award.id);
  const versions = useVersions(award.id);
  const [requesting, setRequesting] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);

  const side = me?.role === 'city_user' ? sideOf(me.cityId, award) : undefined;
  const currency = award.lines.find((line) => line.side === side)?.currency as Currency | undefined;
  const mayDecide = me !== undefined && DECIDERS.includes(me.role);
  const current = versions.data?.find((v) => v.current);
  // The award, its amendments and its versions share the award's key: all read again.
  const refresh = () => queries.invalidateQueries({ queryKey: keys.award(award.id) });
  const acted = (done: string) => {
    setNotice({ done });
    void refresh();
  };
  const stale = (error: unknown) => {
    setNotice({ stale: error });
    void refresh();
  };

  return (
    <section aria-labelledby="award-amendments">
      <Group justify="space-between" mb="xs">
        <Title order={3} id="award-amendments">
          {t('amendments:title')}
        </Title>
        {side && award.status === 'active' && current && !requesting && (
          <Button
            onClick={() => {
              setNotice(null);
              setRequesting(true);
            }}
          >
            {t('amendments:form.open')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {t('amendments:intro')}
      </Text>
      {notice && 'done' in notice && (
        <Alert color="green" role="status" my="sm">
          {notice.done}
        </Alert>
      )}
      {notice && 'stale' in notice && (
        <ProblemAlert
          error={notice.stale}
          explain={{
            invalid_state: 'amendments:stale',
            precondition_failed: 'amendments:stale',
          }}
        />
      )}
      {requesting && side && currency && current && (
        <>
          <RequestAmendmentForm
            awardId={award.id}
            budget={{ side, currency }}
            current={current}
            onCancel={() => setRequesting(false)}
            onDone={(message) => {
              setRequesting(false);
              acted(message);
            }}
          />
          <Divider my="lg" />
        </>
      )}
      {amendments.isPending ? (
        <PageLoader />
      ) : amendments.isError ? (
        <ProblemAlert error={amendments.error} onRetry={() => void amendments.refetch()} />
      ) : amendments.data.length === 0 ? (
        <Empty>{t('amendments:none')}</Empty>
      ) : (
        <Stack component="ul" aria-label={t('amendments:caption')} gap="sm" p={0} m={0}>
          {amendments.data.map((amendment) => (
            <AmendmentItem
              key={amendment.id}
              amendment={amendment}
              myId={me?.id}
              mayWithdraw={side !== undefined}
              mayDecide={mayDecide}
              onDone={acted}
              onStale={stale}
            />
          ))}
        </Stack>
      )}
      <Divider my="lg" />
      {versions.isPending ? (
        <PageLoader />
      ) : versions.isError ? (
        <ProblemAlert error={versions.error} onRetry={() => void versions.refetch()} />
      ) : (
        <AwardVersions versions={versions.data} amendments={amendments.data ?? []} />
      )}
    </section>
  );
}
