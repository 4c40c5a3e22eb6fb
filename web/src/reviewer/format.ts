/** A 0..1 weighted score as a whole percentage (`78%`). */
export const formatShare = (share: number, language: string) =>
  new Intl.NumberFormat(language === 'ja' ? 'ja-JP' : 'en-US', {
    style: 'percent',
    maximumFractionDigits: 0,
  }).format(share);
