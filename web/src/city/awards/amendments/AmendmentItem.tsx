import { Badge, Group, type MantineColor, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../money';
import { formatDate, formatInstant } from '../../../time';
import { Attachments } from '../../documents/Attachments';
import { useTimeZone } from '../queries';
import { localized } from '../text';
import { AmendmentActions } from './AmendmentActions';
import type { Amendment } from './queries';

const COLORS: Record<Amendment['status'], MantineColor> = {
  requested: 'orange',
  approved: 'green',
  recorded: 'teal',
  declined: 'red',
  withdrawn: 'gray',
};

/** One amendment: what it changes and why, who asked and when, how it was decided. */
export function AmendmentItem({
  amendment,
  myId,
  mayWithdraw,
  mayDecide,
  onDone,
  onStale,
}: {
  amendment: Amendment;
  myId: string | undefined;
  /** A user of one of the award's cities: withdraws its open request and attaches to it. */
  mayWithdraw: boolean;
  mayDecide: boolean;
  onDone: (message: string) => void;
  onStale: (error: unknown) => void;
}) {
  const { t, i18n } = useTranslation(['amendments', 'common']);
  const timeZone = useTimeZone();
  const language = i18n.language;
  const at = (iso: string) => formatInstant(iso, timeZone, language);
  const { status } = amendment;
  const headingId = `amendment-${amendment.id}`;

  return (
    <Paper
      component="li"
      withBorder
      p="md"
      aria-labelledby={headingId}
      style={{ listStyle: 'none' }}
    >
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm">
            <Title order={4} size="h5" id={headingId}>
              {t(`amendments:kind.${amendment.kind}`)}
            </Title>
            <Badge color={COLORS[status]} variant="dot" radius="sm">
              {t(`amendments:status.${status}`)}
            </Badge>
          </Group>
          {status === 'requested' && (
            <AmendmentActions
              amendment={amendment}
              mayWithdraw={mayWithdraw}
              mayDecide={mayDecide}
              onDone={onDone}
              onStale={onStale}
            />
          )}
        </Group>
        <Changes amendment={amendment} />
        <Text size="sm">
          <Text span fw={600}>
            {t('amendments:reason')}:
          </Text>{' '}
          <span style={{ whiteSpace: 'pre-wrap' }}>{localized(amendment.reason, language)}</span>
        </Text>
        <Text size="sm" c="dimmed">
          {t('amendments:requested', { date: at(amendment.createdAt) })}
          {amendment.requestedBy === myId
            ? ` ${t('amendments:byYou')}`
            : amendment.requestedByName &&
              ` ${t('amendments:by', { name: amendment.requestedByName })}`}
          {status !== 'requested' &&
            ` · ${t(`amendments:decided.${status}`, { date: amendment.decidedAt ? at(amendment.decidedAt) : '' })}`}
        </Text>
        {amendment.decisionNote && (
          <Text size="sm">
            <Text span fw={600}>
              {t('amendments:note')}:
            </Text>{' '}
            <span style={{ whiteSpace: 'pre-wrap' }}>{amendment.decisionNote}</span>
          </Text>
        )}
        <Text size="sm" c="dimmed">
          {amendment.resultingVersion
            ? t('amendments:versions', {
                base: amendment.baseVersion,
                result: amendment.resultingVersion,
              })
            : t('amendments:baseOnly', { base: amendment.baseVersion })}
        </Text>
        <Attachments
          owner={{ type: 'amendment', id: amendment.id }}
          canChange={mayWithdraw && status === 'requested'}
          headingOrder={5}
          quietWhenNone
        />
      </Stack>
    </Paper>
  );
}

/** What the amendment changes, one line each (a move in the side's own currency). */
function Changes({ amendment }: { amendment: Amendment }) {
  const { t, i18n } = useTranslation(['amendments', 'common']);
  const language = i18n.language;
  const { changes } = amendment;
  const lines: string[] = [
    ...(changes.moves ?? []).map((move) =>
      t('amendments:changes.move', {
        amount: formatMoney(move.amountMinor, move.currency, language),
        from: move.fromCategory,
        to: move.toCategory,
        side: t(`common:sides.${move.side}`),
      }),
    ),
    ...(changes.startsOn
      ? [t('amendments:changes.startsOn', { date: formatDate(changes.startsOn, language) })]
      : []),
    ...(changes.endsOn
      ? [t('amendments:changes.endsOn', { date: formatDate(changes.endsOn, language) })]
      : []),
    ...(changes.reportsRequired ?? []).map((report) =>
      t('amendments:changes.report', {
        kind: t(`amendments:reportKind.${report.kind}`),
        date: formatDate(report.dueOn, language),
      }),
    ),
  ];
  const scope = changes.scope ? localized(changes.scope, language) : '';
  return (
    <Stack gap={2}>
      {lines.map((line) => (
        <Text key={line} size="sm">
          {line}
        </Text>
      ))}
      {scope && (
        <Text size="sm">
          <Text span fw={600}>
            {t('amendments:changes.scope')}
          </Text>{' '}
          <span style={{ whiteSpace: 'pre-wrap' }}>{scope}</span>
        </Text>
      )}
    </Stack>
  );
}
