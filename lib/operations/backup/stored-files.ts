// Which rows refer to stored files, and with what content type: every column that holds a storage key.
// backup.int.test.ts checks that the schema has no other (a new one must be added here).
export const STORED_FILE_COLUMNS = [
  { table: "screenshots", column: "storage_key", contentType: "'image/jpeg'" },
  { table: "screenshots", column: "thumb_key", contentType: "'image/webp'" },
  { table: "attachments", column: "storage_key", contentType: "mime" },
] as const;

/** One query listing every referenced key once, in key order, with its content type. */
export const STORED_FILES_SQL = `SELECT DISTINCT ON (key) key, content_type FROM (${STORED_FILE_COLUMNS.map(
  (c) => `SELECT "${c.column}" AS key, ${c.contentType} AS content_type FROM "${c.table}"`,
).join(" UNION ALL ")}) AS referenced ORDER BY key`;
