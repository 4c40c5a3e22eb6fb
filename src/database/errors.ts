import { QueryFailedError } from 'typeorm';

/**
 * PostgreSQL's unique_violation (a concurrent insert won the race for the same key), optionally
 * of one named constraint.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string } | undefined;
  return (
    driverError?.code === '23505' &&
    (constraint === undefined || driverError.constraint === constraint)
  );
}
