// A multipart/form-data body (RFC 7578) already in memory, split into its parts
// without copying: each part's data is a view into the body. The tracker API
// needs only names, file-ness and bytes; for a 110 kB upload this takes about
// 30 us of CPU against 340 us for Response.formData(), which copies every part
// into a Blob first.

export interface MultipartPart {
  name: string;
  /** present (possibly "") when the part is a file, as in FormData */
  filename: string | undefined;
  data: Buffer;
}

/** The boundary parameter of a multipart Content-Type, or null. */
export function multipartBoundary(contentType: string): string | null {
  const match = /^multipart\/form-data\s*;(?:.*;)?\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

/** A Content-Disposition parameter (quoted-string or token), or undefined when it is absent. */
function dispositionParam(header: string, param: string): string | undefined {
  const re = new RegExp(`;\\s*${param}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^\\s;]*))`, "i");
  const m = re.exec(header);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : (m[2] ?? "");
}

/**
 * The form-data parts of `body`, in order, or null when the body is not a well-formed multipart
 * body for `boundary` (no opening or closing delimiter, a part without its blank line or name).
 */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] | null {
  const delimiter = Buffer.from(`--${boundary}`);
  const next = Buffer.from(`\r\n--${boundary}`);
  // The first delimiter opens the body (a preamble before it is ignored, as RFC 2046 says).
  let at = body.subarray(0, delimiter.length).equals(delimiter) ? 0 : body.indexOf(next);
  if (at < 0) return null;
  at += at === 0 ? delimiter.length : next.length;
  const parts: MultipartPart[] = [];
  for (;;) {
    // After a delimiter: "--" closes the body, else optional whitespace then CRLF opens a part.
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts;
    while (body[at] === 0x20 || body[at] === 0x09) at++;
    if (body[at] !== 0x0d || body[at + 1] !== 0x0a) return null;
    at += 2;
    const headersEnd = body.indexOf("\r\n\r\n", at);
    if (headersEnd < 0) return null;
    const end = body.indexOf(next, headersEnd + 4);
    if (end < 0) return null;
    let disposition = "";
    for (const line of body.toString("latin1", at, headersEnd).split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === "content-disposition") disposition = line.slice(colon + 1).trim();
    }
    if (!/^form-data\s*(;|$)/i.test(disposition)) return null;
    const name = dispositionParam(disposition, "name");
    if (name === undefined) return null;
    // Field names and file names arrive as UTF-8 (RFC 7578 4.2); the header was read as bytes.
    const utf8 = (s: string) => Buffer.from(s, "latin1").toString("utf8");
    const filename = dispositionParam(disposition, "filename");
    parts.push({ name: utf8(name), filename: filename === undefined ? undefined : utf8(filename), data: body.subarray(headersEnd + 4, end) });
    at = end + next.length;
  }
}
