// Runs before every page: tells server components their own path (for the
// sign-in round trip) and sends visitors without a session cookie to sign-in.
// Pages still check the session and role themselves (lib/auth/require-page-user).
// It also gives each page its Content-Security-Policy with a fresh nonce (Next
// reads the nonce from the request's CSP header and puts it on its scripts).
import { NextResponse, type NextRequest } from "next/server";
import { newNonce, pageContentSecurityPolicy } from "@/lib/config/security-headers";

// Choice: the Download page is public, as its files are (a build holds no data), so a link to it works
// before sign-in and `curl` needs no cookie.
// /unsubscribe: a notification email's link, whose signed token is the credential (R16.4).
// /verify: checks a proof bundle in the browser (R15.4); whoever holds a bundle may check it.
const PUBLIC_PATHS = ["/sign-in", "/download", "/sign-up", "/confirm-email", "/forgot-password", "/reset-password", "/unsubscribe", "/verify"];
// R16.1 the pages behind emailed links: the link's token is the credential
const PUBLIC_PREFIXES = ["/invitations/", "/setup/"];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const hasSession = request.cookies.getAll().some((c) => c.name.endsWith("authjs.session-token"));
  if (!hasSession && !PUBLIC_PATHS.includes(pathname) && !PUBLIC_PREFIXES.some((p) => pathname.startsWith(p))) {
    const url = request.nextUrl.clone();
    url.pathname = "/sign-in";
    url.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }
  const headers = new Headers(request.headers);
  headers.set("x-hourglass-path", pathname + search);
  const csp = pageContentSecurityPolicy({
    nonce: newNonce(),
    development: process.env.NODE_ENV === "development",
    // Choice: over TLS as the request or the proxy in front says. A client that
    // forges x-forwarded-proto on plain HTTP only breaks its own page (its
    // subresources get upgraded); nobody else's answer changes.
    tls: request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https",
  });
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  // Pages only: API routes answer 401 JSON themselves; static files pass, and so
  // do the icons and the web app manifest, which signed-out visitors need too, and the tracker's
  // files under /download/ (app/download/[file]/route.ts sets their headers; the page /download is a page),
  // and /.well-known/ (the portal's public keys, R15.3: a rewrite to an API route, matched here before it),
  // and /metrics (Prometheus, a rewrite to /api/metrics, which answers to METRICS_TOKEN, never a cookie).
  matcher: ["/((?!api/|_next/|icons/|download/|\\.well-known/|favicon.ico|icon.svg|apple-touch-icon.png|manifest.webmanifest|robots.txt|metrics$).*)"],
};
