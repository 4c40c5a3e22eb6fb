import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { BusyButton } from '../../ui/BusyButton';
import { ProblemAlert } from '../../ui/States';
import { isStale } from './problems';
import { acceptReport, type Report } from './queries';

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
      <Modal
        opened={opened}
        onClose={close}
        title={t('oversight:accept.title')}
        centered
        closeButtonProps={{ 'aria-label': t('oversight:close') }}
      >
        <Stack>
          <Text size="sm">{t('oversight:accept.body')}</Text>
          {!isStale(accept.error) && <ProblemAlert error={accept.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common:cancel')}
            </Button>
            <BusyButton
              color="teal.9"
              busy={accept.isPending}
              data-autofocus
              onClick={() => {
                if (!accept.isPending) accept.mutate();
              }}
            >
              {t('oversight:accept.confirm')}
            </BusyButton>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
