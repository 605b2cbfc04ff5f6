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
  // `npm run typecheck` checks the whole repo (scripts, tests, tracker too) in CI;
  // checking again inside every build would only add time.
  typescript: { ignoreBuildErrors: true },
  // forbidden() renders app/forbidden.tsx with status 403 for the wrong role.
  experimental: { authInterrupts: true },
};

export default nextConfig;
