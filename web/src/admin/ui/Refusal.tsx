import { Alert, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client';
import { ProblemAlert } from '../../ui/States';

/** Per problem code, the catalog key that says what the refusal means for this action. */
export type Explanations = Partial<Record<string, string>>;

/**
 * An API refusal explained in the user's language: for the codes this action expects (already
 * revoked, one's own role …), the catalog's explanation of what it means for this action; any
 * other problem as the portal shows it everywhere (ProblemAlert).
 */
export function Refusal({
  error,
  explain = {},
  fieldsOnForm = false,
  onRetry,
}: {
  error: unknown;
  explain?: Explanations;
  fieldsOnForm?: boolean;
  onRetry?: () => void;
}) {
  const { t } = useTranslation(['administration', 'common']);
  if (!error) return null;
  const key = error instanceof ApiProblem ? explain[error.code] : undefined;
  if (!(error instanceof ApiProblem) || !key) {
    return <ProblemAlert error={error} fieldsOnForm={fieldsOnForm} onRetry={onRetry} />;
  }
  return (
    <Alert color="red" title={error.title} role="alert" my="sm">
      <Stack gap={4}>
        <Text size="sm">{t(key)}</Text>
        {error.requestId && (
          <Text size="xs" c="dimmed">
            {t('common:requestId', { id: error.requestId })}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

/** The refusals every admin-only page may meet, whatever the action. */
export const FORBIDDEN: Explanations = { forbidden: 'administration:refusal.forbidden' };
