import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../ui/States';
import { isStale } from './problems';
import { acceptReport, type Report } from './queries';
import { ConfirmDialog } from '../../ui/ConfirmDialog';

type Accepted = Awaited<ReturnType<typeof acceptReport>>;

/** Accepting, confirmed in a dialog: it releases the payouts held until this report. */
export function AcceptButton({
  report,
  onAccepted,
  onStale,
}: {
  report: Report;
  onAccepted: (accepted: Accepted) => void;
  onStale: (error: unknown) => void;
}) {
  const { t } = useTranslation(['oversight', 'common']);
  const [opened, { open, close }] = useDisclosure(false);
  const accept = useMutation({
    mutationFn: () => acceptReport(report),
    onSuccess: (accepted) => {
      close();
      onAccepted(accepted);
    },
    onError: (error) => {
      // The dialog's question no longer applies: the page explains and shows the report now.
      if (!isStale(error)) return;
      close();
      onStale(error);
    },
  });

  return (
    <>
      <Button color="teal.9" onClick={open}>
        {t('oversight:accept.open')}
      </Button>
      <ConfirmDialog
        opened={opened}
        onClose={close}
        title={t('oversight:accept.title')}
        body={t('oversight:accept.body')}
        alert={!isStale(accept.error) && <ProblemAlert error={accept.error} />}
        confirm={t('oversight:accept.confirm')}
        color="teal.9"
        busy={accept.isPending}
        onConfirm={() => accept.mutate()}
      />
    </>
  );
}
