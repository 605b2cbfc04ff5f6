// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Screenshots and thumbnails are served by route handlers behind auth, never as static files.
  images: { unoptimized: true },
  typedRoutes: false,
};

export default nextConfig;
