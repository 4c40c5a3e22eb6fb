import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFocusWhen } from '../../reviewer/useFocusWhen';

/**
 * A secret the API returns once (an API key, a webhook's signing secret). It lives only in the
 * page's memory: never logged, never stored in the browser; once dismissed it cannot be shown again.
 */
export function SecretOnce({
  title,
  label,
  secret,
  onDone,
}: {
  title: string;
  /** What the secret is, read before it (`API key`, `Signing secret`). */
  label: string;
  secret: string;
  onDone: () => void;
}) {
  const { t } = useTranslation(['administration']);
  // Focus lands on the panel, so a keyboard or screen-reader user meets the secret at once.
  const panel = useFocusWhen<HTMLDivElement>(true);
  return (
    <Alert
      color="yellow"
      variant="outline"
      title={title}
      ref={panel}
      tabIndex={-1}
      role="region"
      aria-label={title}
    >
      <Stack gap="sm">
        <Text size="sm" fw={600}>
          {t('administration:secret.warning')}
        </Text>
        <div>
          <Text size="sm" id="secret-label">
            {label}
          </Text>
          <Code block aria-labelledby="secret-label" data-secret>
            {secret}
          </Code>
        </div>
        <Group>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button
                variant={copied ? 'filled' : 'light'}
                color={copied ? 'teal' : undefined}
                onClick={copy}
              >
                {copied ? t('administration:secret.copied') : t('administration:secret.copy')}
              </Button>
            )}
          </CopyButton>
          <Button variant="default" onClick={onDone}>
            {t('administration:secret.done')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
