// Canonical JSON (RFC 8785, JCS) for the value set proofs use: the bytes that are signed and
// hashed (R15.1, R15.2). Pure and isomorphic: the portal, the tracker and the browser verifier
// all produce exactly the same text for the same value.

export class CanonicalJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CanonicalJsonError";
  }
}

// A lone surrogate has no UTF-8 encoding: TextEncoder would turn it into U+FFFD, so two
// different strings would sign as the same bytes.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * RFC 8785 for our values: object keys sorted by UTF-16 code units, no whitespace, strings
 * escaped as JSON.stringify does, numbers only as safe integers.
 * Choice: anything else (a fraction, NaN, an unsafe integer, undefined, a Date, a lone
 * surrogate) throws instead of being coerced, so a value that cannot be reproduced exactly by
 * every verifier is never signed.
 */
export function canonicalJson(value: unknown): string {
  return write(value, "$");
}

function write(value: unknown, path: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isSafeInteger(value)) throw new CanonicalJsonError(`${path}: only safe integers are allowed, got ${String(value)}`);
      return JSON.stringify(value === 0 ? 0 : value); // -0 is written 0 (RFC 8785 3.2.2.3)
    case "string":
      if (LONE_SURROGATE.test(value)) throw new CanonicalJsonError(`${path}: a string holds a lone surrogate`);
      return JSON.stringify(value);
    case "object":
      if (Array.isArray(value)) return `[${value.map((item, i) => write(item, `${path}[${i}]`)).join(",")}]`;
      if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
        throw new CanonicalJsonError(`${path}: only plain objects are allowed`);
      }
      return writeObject(value as Record<string, unknown>, path);
    default:
      throw new CanonicalJsonError(`${path}: ${typeof value} has no canonical JSON form`);
  }
}

function writeObject(object: Record<string, unknown>, path: string): string {
  // Array.prototype.sort without a comparator compares UTF-16 code units (RFC 8785 3.2.3)
  const keys = Object.keys(object).sort();
  const members = keys.map((key) => {
    if (LONE_SURROGATE.test(key)) throw new CanonicalJsonError(`${path}: a key holds a lone surrogate`);
    return `${JSON.stringify(key)}:${write(object[key], `${path}.${key}`)}`;
  });
  return `{${members.join(",")}}`;
}
