import type { Explanations } from '../../ui/States';

/** The refusals every admin-only page may meet, whatever the action. */
export const FORBIDDEN: Explanations = { forbidden: 'administration:refusal.forbidden' };
