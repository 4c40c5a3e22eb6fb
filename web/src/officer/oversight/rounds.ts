import type { Schemas } from '../../api/client';
import { localized } from '../../city/awards/text';

/** `R-2026 — Sister-city exchange 2026`: a round as the export pages name it. */
export function roundName(round: Schemas['RoundResponse'], language: string): string {
  const title = localized(round.title, language);
  return title ? `${round.code} — ${title}` : round.code;
}
