// Runs before every page: tells server components their own path (for the
// sign-in round trip) and sends visitors without a session cookie to sign-in.
// Pages still check the session and role themselves (lib/auth/require-page-user).
import { NextResponse, type NextRequest } from "next/server";

const PUBLIC_PATHS = ["/sign-in"];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const hasSession = request.cookies.getAll().some((c) => c.name.endsWith("authjs.session-token"));
  if (!hasSession && !PUBLIC_PATHS.includes(pathname)) {
    const url = request.nextUrl.clone();
    url.pathname = "/sign-in";
    url.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }
  const headers = new Headers(request.headers);
  headers.set("x-hourglass-path", pathname + search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: API routes answer 401 JSON themselves; static files pass.
  matcher: ["/((?!api/|_next/|favicon.ico|robots.txt).*)"],
};
