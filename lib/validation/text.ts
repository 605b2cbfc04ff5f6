// The one string schema for text that people or their programs choose: titles, memos, reasons,
// messages, names, labels, passwords, idempotency keys, cursors, reference IDs. It refuses what
// PostgreSQL's text columns cannot hold, as a 422 naming the field instead of a 500 from the
// database: the NUL character (U+0000), and a lone UTF-16 surrogate (half of a character, which
// has no UTF-8 form; the fuzz suite found one in a reference ID). Every free-text field of
// lib/validation starts from text(), so no schema can forget it.
import { z } from "zod";
import "./zod-messages";

export const NUL_MESSAGE = "Remove the NUL character (\\u0000): text cannot contain it.";

export const BROKEN_CHARACTER_MESSAGE = "Remove the broken character (half of a UTF-16 surrogate pair): text must be valid Unicode.";

const hasNoNul = (s: string) => !s.includes("\u0000");
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const isWellFormed = (s: string) => !LONE_SURROGATE.test(s);

/** z.string() without NUL; `error` is the message for a missing or non-string value. */
export function text(error?: string) {
  return z.string(error === undefined ? undefined : { error }).refine(hasNoNul, NUL_MESSAGE).refine(isWellFormed, BROKEN_CHARACTER_MESSAGE);
}

/** A reference ID in a path (HG-INV-2024W23-7K3M9Q2XPA), named as the field it is. */
export const referenceIdParams = z.object({ referenceId: text("Give a reference ID.") });
