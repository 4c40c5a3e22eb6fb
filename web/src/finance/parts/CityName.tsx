import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { localized } from '../../city/awards/text';
import { useCity } from '../api';

/** A city's name in the user's language (else in the one it has). */
export function CityName({ id }: { id: string }) {
  const { i18n } = useTranslation();
  const city = useCity(id);
  if (!city.data) return <Text size="sm">…</Text>;
  return <Text size="sm">{localized(city.data.name, i18n.language)}</Text>;
}
