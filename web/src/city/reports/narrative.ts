import type { Schemas } from '../../api/client';

export interface NarrativeDraft {
  en: string;
  ja: string;
}

export const narrativeDraftOf = (narrative: Schemas['BilingualLongText']): NarrativeDraft => ({
  en: narrative.en ?? '',
  ja: narrative.ja ?? '',
});

/** The narrative as the API takes it: a language left blank is left out; null when both are. */
export function narrativeOf(draft: NarrativeDraft): Schemas['BilingualLongText'] | null {
  const narrative: Schemas['BilingualLongText'] = {};
  if (draft.en.trim()) narrative.en = draft.en;
  if (draft.ja.trim()) narrative.ja = draft.ja;
  return narrative.en === undefined && narrative.ja === undefined ? null : narrative;
}
