// Whether a cookie-carrying write comes from the portal's own pages (CSRF, login CSRF).
//
// Browsers name the page that made a request in Origin (on every POST, PUT, PATCH and DELETE,
// same-origin ones included) and in Sec-Fetch-Site. Origin is compared with the Host the request
// was sent to; "null" (sandboxed frames, data: and file: pages, some redirects) and anything that
// does not parse are foreign, never an exception (issue 13: `Origin: null` answered 500).
// Choice: a request with neither header is not from a browser (curl, scripts, the benches), and
// login CSRF needs a victim's browser, so it is let through here; /api/session still insists on a
// JSON body, which no cross-site form or CORS-less fetch can send.

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
