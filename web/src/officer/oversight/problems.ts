import { ApiProblem } from '../../api/client';

/**
 * The refusals that mean the report moved on since the page read it (another officer acted, or
 * the grantee changed it): asking again cannot help, the page shows the report as it is now.
 */
export const isStale = (error: unknown): error is ApiProblem =>
  error instanceof ApiProblem &&
  (error.code === 'invalid_state' || error.code === 'precondition_failed');
