import { Text, type TextProps } from '@mantine/core';

type Language = 'en' | 'ja';
type BilingualText = { en?: string; ja?: string };

/** The text in the user's language (else the other), and the other language's text when both exist. */
export function pick(text: BilingualText, language: string) {
  const first: Language = language === 'ja' ? 'ja' : 'en';
  const second: Language = first === 'ja' ? 'en' : 'ja';
  const lang = text[first] ? first : second;
  return {
    text: text[lang] ?? '',
    lang,
    other: lang === first && text[second] ? text[second] : undefined,
    otherLang: second,
  };
}

/** Both languages of a text: the user's first, the other dimmed underneath. */
export function Bilingual({
  text,
  language,
  ...props
}: { text: BilingualText; language: string } & TextProps) {
  const shown = pick(text, language);
  return (
    <>
      <Text lang={shown.lang} style={{ whiteSpace: 'pre-wrap' }} {...props}>
        {shown.text}
      </Text>
      {shown.other && (
        <Text lang={shown.otherLang} c="dimmed" size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {shown.other}
        </Text>
      )}
    </>
  );
}
