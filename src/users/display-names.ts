import type { EntityManager } from 'typeorm';

/**
 * The display names of the users `ids` (who requested, approved, decided, reviewed …), in one
 * query whatever their number; absent ids (null) are skipped. Users are never deleted, only
 * deactivated, so every id a row holds is found. Read when the response is built, because an
 * action may set one of the ids (a decider, an approver) in the same request. A document's
 * uploader never changes, so it is read with the row instead (`Document.uploadedByName`).
 */
export async function displayNames(
  manager: EntityManager,
  ids: Iterable<string | null | undefined>,
): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map();
  const rows = (await manager.query(
    'SELECT id, display_name AS "displayName" FROM users WHERE id = ANY($1::uuid[])',
    [wanted],
  )) as { id: string; displayName: string }[];
  return new Map(rows.map((row) => [row.id, row.displayName]));
}
