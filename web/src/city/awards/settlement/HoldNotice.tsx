import { Alert, Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatMoney } from '../../../money';
import { formatDate } from '../../../time';
import type { HoldReason, PayoutHold } from './queries';

/** One reason in the user's words (the API's `detail` is English), from its fields. */
function ReasonText({ reason }: { reason: HoldReason }) {
  const { t, i18n } = useTranslation('settlement');
  const date = formatDate(reason.dueOn, i18n.language);
  if (reason.code === 'refund_due') {
    const amount =
      reason.currency && reason.outstandingMinor !== undefined
        ? formatMoney(reason.outstandingMinor, reason.currency, i18n.language)
        : '';
    return <>{t('settlement:hold.refund_due', { amount, date })}</>;
  }
  const kind = t(`settlement:hold.kind.${reason.reportKind ?? 'final'}`);
  return <>{t('settlement:hold.report_overdue', { kind, date })}</>;
}

/**
 * Why a city's payouts are held (a refund due, an overdue report): nothing when they are not.
 * A reason of another award links to it.
 */
export function HoldNotice({
  hold,
  title,
  awardId,
}: {
  hold: PayoutHold | undefined;
  title: string;
  /** The award the page shows: its own reasons need no link. */
  awardId?: string;
}) {
  const { t } = useTranslation('settlement');
  if (!hold?.held) return null;
  return (
    <Alert color="orange" title={title} role="status">
      <Text size="sm" component="ul" m={0} pl="md">
        {hold.reasons.map((reason) => (
          <li key={`${reason.code}:${reason.refundId ?? reason.reportKind}:${reason.awardId}`}>
            <ReasonText reason={reason} />
            {reason.awardId !== awardId && (
              <>
                {' '}
                <Anchor component={Link} to={`/awards/${reason.awardId}`} size="sm">
                  {t('settlement:hold.otherAward')}
                </Anchor>
              </>
            )}
          </li>
        ))}
      </Text>
      <Text size="sm" mt="xs">
        {t('settlement:hold.lifts')}
      </Text>
    </Alert>
  );
}
