import { Alert, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client';
import { ProblemAlert } from '../../ui/States';

/**
 * An API refusal explained in the user's language. The API localises its titles, but a business
 * rule's detail (segregation of duties, a stale state) may come in English only: for the codes
 * the page knows, `explain` says what happened and what to do; any other problem is shown as is.
 */
export function RefusalAlert({
  error,
  explain,
  fieldsOnForm,
}: {
  error: unknown;
  explain: Partial<Record<string, string>>;
  fieldsOnForm?: boolean;
}) {
  const { t, i18n } = useTranslation(['finance', 'common']);
  const problem = error instanceof ApiProblem ? error : null;
  const explanation = problem ? explain[problem.code] : undefined;
  if (!problem || !explanation) return <ProblemAlert error={error} fieldsOnForm={fieldsOnForm} />;
  return (
    <Alert color="red" role="alert" title={problem.title || t('finance:refusedTitle')} my="sm">
      <Stack gap={4}>
        <Text size="sm">{explanation}</Text>
        {/* The API's own words, when they are in the user's language and add something. */}
        {i18n.language === 'en' && problem.detail && (
          <Text size="xs" c="dimmed">
            {problem.detail}
          </Text>
        )}
        {problem.requestId && (
          <Text size="xs" c="dimmed">
            {t('common:requestId', { id: problem.requestId })}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
