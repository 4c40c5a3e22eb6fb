import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client';
import { act, type Disbursement, keys } from '../api';

type Action = Parameters<typeof act>[1];
type Body = Parameters<typeof act>[2];

/** What a form of the payout page is given: what to do after its action, or after a refusal. */
export interface ActionProps {
  payout: Disbursement;
  /** The action is done (its form is gone): focus goes to the status it changed. */
  onDone: () => void;
  /**
   * The payout moved on meanwhile (409 invalid_state): the page says so above the status, since
   * the form that was refused disappears once the payout is reloaded.
   */
  onMoved: (problem: ApiProblem) => void;
}

/**
 * A workflow action on the payout: the answer replaces the page's copy; a refusal because the
 * payout moved on meanwhile reloads it, so the page shows where it stands.
 */
export function usePayoutAction(
  { payout, onDone, onMoved }: ActionProps,
  action: Action,
  done: (result: Disbursement) => string,
) {
  const { t } = useTranslation('finance');
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body?: Body) => act(payout.id, action, body),
    onSuccess: (result) => {
      queries.setQueryData(keys.disbursement(payout.id), result);
      void queries.invalidateQueries({ queryKey: keys.disbursements });
      notifications.show({
        closeButtonProps: { 'aria-label': t('finance:close') },
        color: 'green',
        message: done(result),
      });
      onDone();
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.code === 'invalid_state') {
        onMoved(error);
        void queries.invalidateQueries({ queryKey: keys.disbursement(payout.id) });
      }
    },
  });
}

/** The refusal a form shows itself: one because the payout moved on is the page's to show. */
export const formError = (error: unknown) =>
  error instanceof ApiProblem && error.code === 'invalid_state' ? null : error;

/** The API's limit on a rejection's or cancellation's reason (ReasonDto). */
export const MAX_REASON = 1000;
