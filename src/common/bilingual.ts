/** Text in English and Japanese (SPEC §3): at least one is present, both stored as given. */
export interface Bilingual {
  en?: string;
  ja?: string;
}
