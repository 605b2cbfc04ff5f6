// Whether a cookie-carrying write comes from the portal's own pages (CSRF): Origin against Host, and
// Sec-Fetch-Site; "null" or unparsable is foreign, never an exception.
// Choice: a request with neither header is not from a browser and is let through; /api/session still requires a JSON body.

/** True unless the request names a page of another origin (or an opaque one). */
export function isSameOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (origin !== null) return originHost(origin) === headers.get("host");
  const site = headers.get("sec-fetch-site");
  return site === null || site === "same-origin";
}

function originHost(origin: string): string | null {
  if (!URL.canParse(origin)) return null;
  const url = new URL(origin);
  return url.protocol === "http:" || url.protocol === "https:" ? url.host : null;
}
