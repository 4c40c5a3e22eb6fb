import { Button, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNotify } from '../../city/applications/notify';
import { formatInstant, JAPAN_TIME_ZONE } from '../../time';
import { keys, type Round, type RoundAction, transitionRound } from './data';
import { ConfirmDialog } from '../../ui/ConfirmDialog';

/**
 * The next step of the round (open, close or archive), taken after a confirmation that says what
 * it changes: none can be undone. The outcome, done or refused, goes to the page (`onDone`), which
 * shows the round as it now is.
 */
export function TransitionButton({
  round,
  action,
  onDone,
}: {
  round: Round;
  action: RoundAction;
  onDone: (error: unknown) => void;
}) {
  const { t, i18n } = useTranslation(['rounds', 'common']);
  const queries = useQueryClient();
  const notify = useNotify();
  const [opened, { open, close }] = useDisclosure(false);

  const move = useMutation({
    mutationFn: () => transitionRound(round.id, action),
    onSuccess: (result) => {
      queries.setQueryData(keys.round(round.id), result);
      notify(t(`rounds:transition.${action}.done`), 'green');
      close();
      onDone(null);
    },
    onError: (error) => {
      close();
      onDone(error);
    },
    // Either way the round may have moved: every list and its budget are read again.
    onSettled: () => {
      void queries.invalidateQueries({ queryKey: keys.all });
    },
  });

  const japan = (iso: string) => formatInstant(iso, JAPAN_TIME_ZONE, i18n.language);
  return (
    <>
      <Button onClick={open}>{t(`rounds:transition.${action}.button`)}</Button>
      <ConfirmDialog
        opened={opened}
        onClose={close}
        title={t(`rounds:transition.${action}.title`)}
        returnFocus={false}
        body={
          <>
            <Text size="sm">
              {t(`rounds:transition.${action}.body`, {
                opens: japan(round.opensAt),
                closes: japan(round.closesAt),
              })}
            </Text>
            <Text size="sm" fw={500}>
              {t('rounds:transition.final')}
            </Text>
          </>
        }
        confirm={t(`rounds:transition.${action}.confirm`)}
        busy={move.isPending}
        onConfirm={() => move.mutate()}
      />
    </>
  );
}
