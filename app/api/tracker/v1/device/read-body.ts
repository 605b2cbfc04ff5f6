// The device endpoints' body: RFC 8628 clients send application/x-www-form-urlencoded, ours may send
// JSON; both read as one plain object of strings.
import { ApiError } from "@/lib/errors";
import { readJson } from "@/app/api/_lib/handler";

export async function readFormOrJson(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") return Object.fromEntries(new URLSearchParams(await req.text()));
  if (type && type !== "application/json") throw new ApiError("unsupported_media_type", "Send the body as application/x-www-form-urlencoded or application/json.");
  return readJson(req);
}
