/** The same keys with string values: a language's catalog must have every key the English has. */
export type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/**
 * One feature's texts in both languages, side by side. Japanese is typed against English, so a
 * missing or misspelt key fails `npm run typecheck`: the catalogs are complete by construction.
 */
export const catalog = <T extends object>(texts: { en: T; ja: Strings<T> }) => texts;
