import { Badge, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ApplicationStatus } from './data';

const COLOR: Record<ApplicationStatus, string> = {
  draft: 'gray',
  awaiting_cosign: 'orange',
  submitted: 'blue',
  in_review: 'indigo',
  waitlisted: 'yellow',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'dark',
};

/** The status in words (the colour only repeats it). */
export function StatusBadge({ status }: { status: ApplicationStatus }) {
  const { t } = useTranslation('applications');
  return (
    <Badge color={COLOR[status]} variant="dot" radius="sm" tt="none" size="lg">
      {t(`applications:status.${status}`)}
    </Badge>
  );
}

/** Who must act next, in a sentence (`nextStep.awaiting_cosign` when the signer is unknown). */
export function NextStep({
  status,
  text,
  prominent = false,
}: {
  status: ApplicationStatus;
  text?: string;
  prominent?: boolean;
}) {
  const { t } = useTranslation('applications');
  return (
    <Text
      size={prominent ? 'md' : 'sm'}
      c={prominent ? undefined : 'dimmed'}
      fw={prominent ? 500 : undefined}
    >
      {text ?? t(`applications:nextStep.${status}`)}
    </Text>
  );
}
