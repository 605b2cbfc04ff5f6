// The one string schema for text that people or their programs choose: titles, memos, reasons,
// messages, names, labels, passwords, idempotency keys, cursors, reference IDs. It refuses the NUL
// character (U+0000), which PostgreSQL's text columns cannot hold: a NUL that got through reached the
// database and answered 500; here it is a 422 naming the field. Every free-text field of
// lib/validation starts from text(), so no schema can forget it.
import { z } from "zod";

export const NUL_MESSAGE = "Remove the NUL character (\\u0000): text cannot contain it.";

const hasNoNul = (s: string) => !s.includes("\u0000");

/** z.string() without NUL; `error` is the message for a missing or non-string value. */
export function text(error?: string) {
  return z.string(error === undefined ? undefined : { error }).refine(hasNoNul, NUL_MESSAGE);
}

/** A reference ID in a path (HG-INV-2024W23-7K3M9Q2XPA), named as the field it is. */
export const referenceIdParams = z.object({ referenceId: text("Give a reference ID.") });
