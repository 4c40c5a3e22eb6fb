import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';

/** A short confirmation whose close button is named (Mantine leaves it unlabelled). */
export function useNotify() {
  const { t } = useTranslation(['applications']);
  return (message: string, color?: string) =>
    notifications.show({
      message,
      color,
      closeButtonProps: { 'aria-label': t('applications:close') },
    });
}
