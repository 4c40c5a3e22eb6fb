import { Stack, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { NarrativeDraft } from './narrative';

export const NARRATIVE_MAX = 5000;

interface Props {
  value: NarrativeDraft;
  onChange: (value: NarrativeDraft) => void;
  errors: { en?: string; ja?: string };
}

/** The report's narrative in both languages (at least one); the user's language comes first. */
export function NarrativeFields({ value, onChange, errors }: Props) {
  const { t, i18n } = useTranslation('reports');
  const languages: (keyof NarrativeDraft)[] = i18n.language === 'ja' ? ['ja', 'en'] : ['en', 'ja'];
  return (
    <Stack gap="sm">
      {languages.map((language) => (
        <Textarea
          key={language}
          label={t(`reports:narrative.${language}`)}
          description={t('reports:narrative.hint')}
          lang={language}
          autosize
          minRows={4}
          maxRows={14}
          maxLength={NARRATIVE_MAX}
          value={value[language]}
          error={errors[language]}
          onChange={(event) => onChange({ ...value, [language]: event.currentTarget.value })}
        />
      ))}
    </Stack>
  );
}
