// Which files may be attached to a message, decided by their content (magic bytes), never the declared type or name.
// Choice: PNG, JPEG, WebP, GIF (re-encoded), PDF (served as a download) and plain UTF-8 text; office files,
// archives and executables are refused: they cannot be checked cheaply and usually carry malware.

export type AttachmentKind = "image" | "pdf" | "text";

export interface SniffedAttachment {
  kind: AttachmentKind;
  /** what the bytes are as sent */
  mime: "image/png" | "image/jpeg" | "image/webp" | "image/gif" | "application/pdf" | "text/plain";
}

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0) =>
  bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];

function isPlainText(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return false;
    if (b === 0x7f) return false;
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The attachment's type by content, or null when it is not one we accept. Empty files are null. */
export function sniffAttachment(bytes: Uint8Array): SniffedAttachment | null {
  if (bytes.length === 0) return null;
  if (startsWith(bytes, PNG)) return { kind: "image", mime: "image/png" };
  if (startsWith(bytes, JPEG)) return { kind: "image", mime: "image/jpeg" };
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return { kind: "image", mime: "image/gif" };
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return { kind: "image", mime: "image/webp" };
  if (startsWith(bytes, ascii("%PDF-"))) return { kind: "pdf", mime: "application/pdf" };
  if (isPlainText(bytes)) return { kind: "text", mime: "text/plain" };
  return null;
}

/**
 * A file name safe to store and to put in a Content-Disposition header: no
 * path, no control characters, at most `max` characters, never empty.
 */
export function cleanFileName(name: string, max: number): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, "").replace(/\s+/g, " ").trim().replace(/^\.+/, "");
  const clipped = [...cleaned].slice(0, max).join("");
  return clipped || "attachment";
}

/** Re-encoded images are JPEG: give the stored name the matching extension. */
export function withExtension(name: string, ext: string, max: number): string {
  const stem = name.replace(/\.[A-Za-z0-9]{1,5}$/, "") || "image";
  return [...stem].slice(0, max - ext.length - 1).join("") + "." + ext;
}
