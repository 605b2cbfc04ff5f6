// GET/HEAD /download/<file>: the desktop tracker's build for this portal's version, and each file's
// ".sha256". Public (no session: `curl -fLO` needs it, and a build holds no data); only names listed in
// the build's version.json are served (lib/tracker-build/read-dist.ts), streamed from disk.
import { Readable } from "node:stream";
import type { NextRequest } from "next/server";
import { buildFile, type BuildFileAnswer } from "@/lib/tracker-build/read-dist";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ file: string }> };

export async function GET(req: NextRequest, { params }: Context): Promise<Response> {
  return answer(req, (await params).file, true);
}

export async function HEAD(req: NextRequest, { params }: Context): Promise<Response> {
  return answer(req, (await params).file, false);
}

const plain = (status: number, text: string, extra: Record<string, string> = {}) =>
  new Response(text, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...extra } });

async function answer(req: NextRequest, name: string, withBody: boolean): Promise<Response> {
  const found: BuildFileAnswer = await buildFile(name);
  if (found.kind === "not_found") return plain(404, "No such file in the tracker build. See /download\n");
  // Choice: 503 while the build is missing or of another version, so `curl -f` fails and says why.
  if (found.kind === "unavailable") return plain(503, found.message, { "retry-after": "300" });
  const etag = `"${found.sha256}"`;
  const headers: Record<string, string> = {
    "content-type": found.contentType,
    "content-disposition": `attachment; filename="${name}"`,
    etag,
    // Choice: the same name carries each new version, so caches must ask again (the ETag makes that cheap).
    "cache-control": "no-cache",
    // A download is data, never a document that runs anything.
    "content-security-policy": "default-src 'none'; sandbox",
    "x-content-type-options": "nosniff",
  };
  const size = found.kind === "file" ? found.size : Buffer.byteLength(found.body);
  if (req.headers.get("if-none-match")?.split(",").some((t) => t.trim() === etag)) return new Response(null, { status: 304, headers: { etag, "cache-control": "no-cache" } });
  // Choice: the executable resumes (`curl -C -`, a browser's resume) with one byte range, and only while
  // it is the same build (If-Range names its ETag); several ranges at once are answered whole.
  const range = found.kind === "file" ? byteRange(req, etag, size) : null;
  if (found.kind === "file") headers["accept-ranges"] = "bytes";
  if (range === "unsatisfiable") return plain(416, "That range is not inside the file.\n", { "content-range": `bytes */${size}` });
  const length = range ? range.end - range.start + 1 : size;
  if (range) headers["content-range"] = `bytes ${range.start}-${range.end}/${size}`;
  headers["content-length"] = String(length);
  // Next drops a handler's Content-Length; scripts/web.ts sends this one as Content-Length instead.
  headers["x-hourglass-content-length"] = String(length);
  const status = range ? 206 : 200;
  if (!withBody) return new Response(null, { status, headers });
  const body = found.kind === "file" ? (Readable.toWeb(found.open(range ?? undefined)) as ReadableStream<Uint8Array>) : found.body;
  return new Response(body, { status, headers });
}

/** RFC 9110 14.2: one range of `Range: bytes=a-b | a- | -n`, when If-Range (if any) is this file's ETag. */
function byteRange(req: NextRequest, etag: string, size: number): { start: number; end: number } | "unsatisfiable" | null {
  const header = req.headers.get("range");
  const ifRange = req.headers.get("if-range");
  if (!header || (ifRange !== null && ifRange.trim() !== etag)) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return null;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    return suffix === 0 || size === 0 ? "unsatisfiable" : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  if (m[2] !== "" && Number(m[2]) < start) return null; // not a valid range: ignored
  if (start >= size) return "unsatisfiable";
  return { start, end: m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1) };
}
