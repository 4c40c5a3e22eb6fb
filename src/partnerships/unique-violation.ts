import { QueryFailedError } from 'typeorm';

/** PostgreSQL's unique_violation: a concurrent insert won the race for the same key. */
export const isUniqueViolation = (error: unknown): boolean =>
  error instanceof QueryFailedError &&
  (error.driverError as { code?: string } | undefined)?.code === '23505';
