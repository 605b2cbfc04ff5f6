// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // e2e runs build into their own folder, so parallel runs never share a build.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // Screenshots and thumbnails are served by route handlers behind auth, never as static files.
  images: { unoptimized: true },
  typedRoutes: false,
  // Choice: a build with a type error fails. `npm run typecheck` in CI checks the
  // same tsconfig, but a build made outside CI (npm start builds when none exists)
  // must not ship code that does not type-check.
  typescript: { ignoreBuildErrors: false },
  // forbidden() renders app/forbidden.tsx with status 403 for the wrong role.
  experimental: { authInterrupts: true },
  // R15.3 the portal's public keys at their well-known URL (the App Router does not route a dot-folder).
  async rewrites() {
    return [
      { source: "/.well-known/hourglass-keys.json", destination: "/api/well-known/hourglass-keys" },
      // Prometheus scrapes /metrics by default (behind METRICS_TOKEN, README › Health and metrics).
      { source: "/metrics", destination: "/api/metrics" },
    ];
  },
  // Every response: pages, API answers, screenshots and attachments, static files.
  // Pages get their Content-Security-Policy with a nonce from proxy.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          // Choice: full URLs within the portal, nothing to other sites (paths hold invoice reference IDs).
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
      {
        // API answers and files are data, never documents that run anything.
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'; sandbox" }],
      },
      {
        // Choice: HSTS whenever the proxy in front says the request came over TLS. Browsers
        // ignore HSTS received over plain HTTP (RFC 6797 8.1), so a forged header is harmless.
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }],
      },
    ];
  },
};

export default nextConfig;
