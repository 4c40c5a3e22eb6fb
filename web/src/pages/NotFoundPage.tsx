import { Anchor, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function Component() {
  const { t } = useTranslation();
  return (
    <>
      <Title order={2}>404</Title>
      <Text my="md">{t('notFound')}</Text>
      <Anchor component={Link} to="/">
        {t('home')}
      </Anchor>
    </>
  );
}
