// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Screenshots and thumbnails are served by route handlers behind auth, never as static files.
  images: { unoptimized: true },
  typedRoutes: false,
  // forbidden() renders app/forbidden.tsx with status 403 for the wrong role.
  experimental: { authInterrupts: true },
};

export default nextConfig;
