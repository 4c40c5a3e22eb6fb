import {
  Anchor,
  Badge,
  Button,
  DataList,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Schemas } from '../../../api/client';
import { type Me, useMe } from '../../../auth/useSession';
import { formatMoney } from '../../../money';
import { DEVICE_TIME_ZONE, formatDate, formatInstant } from '../../../time';
import { BusyButton } from '../../../ui/BusyButton';
import { PageLoader, ProblemAlert } from '../../../ui/States';
import { Money } from '../Money';
import { AwardHolds } from './AwardHolds';
import { afterSettling } from './invalidate';
import {
  computeSettlement,
  confirmSettlement,
  type Refund,
  type Settlement,
  type Side,
  useAwardRefunds,
  useSettlements,
} from './queries';
import { RefundPanel } from './RefundPanel';
import {
  type Exclusions,
  exclusionList,
  exclusionsOf,
  incomplete,
  SideExpenses,
} from './SideExpenses';
import { Detail } from '../../../ui/Detail';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';

type Award = Schemas['AwardResponse'];
type Line = Schemas['AwardLineDto'];

/** 額の確定 is the program office's (the API's SETTLEMENT_WRITERS). */
const SETTLERS: Me['role'][] = ['program_officer'];
const FINANCE: Me['role'][] = ['finance_officer', 'finance_approver', 'admin', 'auditor'];

/**
 * The final amount of each side (額の確定) with its computation, the refund a side owes and why
 * the cities' payouts are held. The program office computes and confirms; finance records refunds.
 */
export function AwardSettlement({ award }: { award: Award }) {
  const { t } = useTranslation(['settlement', 'common']);
  const me = useMe().data;
  const settlements = useSettlements(award.id);
  const refunds = useAwardRefunds(award.id);

  return (
    <section aria-labelledby="award-settlement">
      <Title order={3} id="award-settlement" mb="xs">
        {t('settlement:title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('settlement:intro')}
      </Text>
      <Stack>
        <AwardHolds award={award} me={me} />
        {settlements.isPending ? (
          <PageLoader />
        ) : settlements.isError ? (
          <ProblemAlert error={settlements.error} onRetry={() => void settlements.refetch()} />
        ) : (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {award.lines.map((line) => {
              const settlement = settlements.data.find((s) => s.side === line.side);
              return (
                <SideSettlement
                  // A new draft (computed here or elsewhere) starts the side's form again from
                  // what it left out.
                  key={`${line.side}:${settlement?.id ?? ''}:${settlement?.version ?? ''}`}
                  award={award}
                  line={line}
                  me={me}
                  settlement={settlement}
                  refunds={(refunds.data ?? []).filter((r) => r.side === line.side)}
                />
              );
            })}
          </SimpleGrid>
        )}
        {refunds.data?.map((refund) => (
          <RefundPanel key={refund.id} refund={refund} me={me} />
        ))}
        {refunds.isError && (
          <ProblemAlert error={refunds.error} onRetry={() => void refunds.refetch()} />
        )}
      </Stack>
    </section>
  );
}

function SideSettlement({
  award,
  line,
  me,
  settlement,
  refunds,
}: {
  award: Award;
  line: Line;
  me: Me | undefined;
  settlement: Settlement | undefined;
  refunds: Refund[];
}) {
  const { t, i18n } = useTranslation(['settlement', 'common']);
  const queries = useQueryClient();
  const side = t(`common:sides.${line.side}`);
  const headingId = `settlement-${line.side}`;
  // What the office leaves out, starting from what the draft left out (a recompute keeps it).
  const [exclusions, setExclusions] = useState<Exclusions>(() =>
    exclusionsOf(settlement?.excludedExpenses ?? []),
  );
  const compute = useMutation({
    mutationFn: () => computeSettlement(award.id, line.side as Side, exclusionList(exclusions)),
    onSuccess: () => {
      notifications.show({
        closeButtonProps: { 'aria-label': t('common:close') },
        color: 'green',
        message: t('settlement:computed', { side }),
      });
      afterSettling(queries, award.id);
    },
  });
  const mayAct =
    me !== undefined &&
    SETTLERS.includes(me.role) &&
    award.status === 'active' &&
    settlement?.status !== 'confirmed';

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Title order={4} id={headingId}>
            {t('settlement:sideTitle', { side, currency: line.currency })}
          </Title>
          {settlement && (
            <Badge
              color={settlement.status === 'confirmed' ? 'green' : 'blue'}
              variant="dot"
              radius="sm"
            >
              {t(`settlement:status.${settlement.status}`)}
            </Badge>
          )}
        </Group>
        {settlement ? (
          <Computation award={award} settlement={settlement} />
        ) : (
          <Text size="sm" c="dimmed">
            {t('settlement:notComputed')}
          </Text>
        )}
        {settlement?.status === 'confirmed' && (
          <Outcome settlement={settlement} refund={refunds[0]} me={me} />
        )}
        {settlement?.confirmedAt && (
          <Text size="xs" c="dimmed">
            {t('settlement:confirmedOn', {
              date: formatInstant(settlement.confirmedAt, DEVICE_TIME_ZONE, i18n.language),
            })}
          </Text>
        )}
        <SideExpenses
          awardId={award.id}
          line={line}
          side={side}
          exclusions={exclusions}
          onChange={mayAct ? setExclusions : undefined}
        />
        {mayAct && (
          <>
            <ProblemAlert error={compute.error} />
            <Group>
              <BusyButton
                variant={settlement ? 'default' : 'filled'}
                busy={compute.isPending}
                onClick={() => {
                  // A ticked expense without its reason says so under its field already.
                  if (!compute.isPending && !incomplete(exclusions)) compute.mutate();
                }}
                aria-label={`${settlement ? t('settlement:recompute') : t('settlement:compute')} (${side})`}
              >
                {settlement ? t('settlement:recompute') : t('settlement:compute')}
              </BusyButton>
              {settlement && <ConfirmButton settlement={settlement} side={side} />}
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}

/**
 * How the final amount is found: spent → eligible × rate, rounded down, capped; then against what
 * was paid. A draft's "paid" is today's (the award's paid payouts), fixed when it is confirmed.
 */
function Computation({ award, settlement }: { award: Award; settlement: Settlement }) {
  const { t, i18n } = useTranslation('settlement');
  const { currency } = settlement;
  const money = (minor: number) => <Money minor={minor} currency={currency} />;
  const draft = settlement.status === 'draft';
  const paid = draft
    ? (award.disbursements ?? [])
        .filter((d) => d.side === settlement.side && d.currency === currency && d.status === 'paid')
        .reduce((total, d) => total + d.amountMinor, 0)
    : settlement.paidMinor;
  const balance = draft ? settlement.confirmedMinor - paid : settlement.balanceMinor;
  const rate = new Intl.NumberFormat(i18n.language === 'ja' ? 'ja-JP' : 'en-US', {
    style: 'percent',
    maximumFractionDigits: 2,
  }).format(settlement.subsidyRateBp / 10_000);

  return (
    <>
      <DataList size="sm" gap={4} labelWidth="12rem">
        <Detail label={t('settlement:awarded')}>{money(settlement.awardedMinor)}</Detail>
        <Detail label={t('settlement:spent')}>{money(settlement.spentMinor)}</Detail>
        <Detail label={t('settlement:eligible')}>{money(settlement.eligibleMinor)}</Detail>
        <Detail label={t('settlement:rate')}>{rate}</Detail>
        <Detail label={t('settlement:rounding')}>{money(settlement.roundingUnitMinor)}</Detail>
        <Detail label={t('settlement:cap')}>
          {settlement.capMinor === null ? t('settlement:noCap') : money(settlement.capMinor)}
        </Detail>
        <Detail label={t('settlement:confirmed')}>
          <Text span fw={700} size="sm">
            {money(settlement.confirmedMinor)}
          </Text>
        </Detail>
        <Detail label={t('settlement:paid')}>{money(paid)}</Detail>
        {balance > 0 ? (
          <Detail label={t('settlement:balance')}>{money(balance)}</Detail>
        ) : balance < 0 ? (
          <Detail label={t('settlement:toRefund')}>{money(-balance)}</Detail>
        ) : (
          <Detail label={t('settlement:balance')}>{t('settlement:even')}</Detail>
        )}
      </DataList>
      {draft && (
        <Text size="xs" c="dimmed">
          {t('settlement:draftNote')}
        </Text>
      )}
    </>
  );
}

/** What confirming did: a balance payout scheduled, a refund due, or nothing more. */
function Outcome({
  settlement,
  refund,
  me,
}: {
  settlement: Settlement;
  refund: Refund | undefined;
  me: Me | undefined;
}) {
  const { t, i18n } = useTranslation('settlement');
  const amount = (minor: number) => formatMoney(minor, settlement.currency, i18n.language);
  if (settlement.balanceMinor > 0) {
    return (
      <Text size="sm" fw={500}>
        {t('settlement:result.balance', { amount: amount(settlement.balanceMinor) })}{' '}
        {settlement.balanceDisbursementId && me && FINANCE.includes(me.role) && (
          <Anchor
            component={Link}
            to={`/finance/disbursements/${settlement.balanceDisbursementId}`}
            size="sm"
          >
            {t('settlement:result.openPayout')}
          </Anchor>
        )}
      </Text>
    );
  }
  if (settlement.balanceMinor < 0) {
    const date = refund ? formatDate(refund.dueOn, i18n.language) : '…';
    return (
      <Text size="sm" fw={500}>
        {t('settlement:result.refund', { amount: amount(-settlement.balanceMinor), date })}
      </Text>
    );
  }
  return <Text size="sm">{t('settlement:result.even')}</Text>;
}

/** Confirming, asked in a dialog: it cancels unpaid tranches and cannot be undone. */
function ConfirmButton({ settlement, side }: { settlement: Settlement; side: string }) {
  const { t } = useTranslation(['settlement', 'common']);
  const queries = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const confirm = useMutation({
    mutationFn: () => confirmSettlement(settlement),
    onSuccess: () => {
      close();
      notifications.show({
        closeButtonProps: { 'aria-label': t('common:close') },
        color: 'green',
        message: t('settlement:confirm.done', { side }),
      });
      afterSettling(queries, settlement.awardId);
    },
    // Recomputed or confirmed meanwhile: the side is read again, so a retry acts on what is now.
    onError: () => afterSettling(queries, settlement.awardId),
  });
  return (
    <>
      <Button onClick={open} aria-label={`${t('settlement:confirm.open')} (${side})`}>
        {t('settlement:confirm.open')}
      </Button>
      <ConfirmDialog
        opened={opened}
        onClose={close}
        title={t('settlement:confirm.title', { side })}
        body={t('settlement:confirm.body')}
        alert={<ProblemAlert error={confirm.error} />}
        confirm={t('settlement:confirm.confirm')}
        busy={confirm.isPending}
        onConfirm={() => confirm.mutate()}
      />
    </>
  );
}
