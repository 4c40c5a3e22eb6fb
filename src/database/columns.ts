/**
 * Every instant is `timestamptz(3)`: millisecond precision, the same as a JS Date, so a value read
 * back (a cursor, an ETag, a hash input) compares equal to what PostgreSQL stores.
 */
export const INSTANT = { type: 'timestamptz', precision: 3 } as const;
