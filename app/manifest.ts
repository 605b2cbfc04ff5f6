// GET /manifest.webmanifest - the web app manifest, so the portal installs on a
// phone's home screen (Next links it from every page's <head>).
import type { MetadataRoute } from "next";
import { APP_DESCRIPTION, APP_NAME, BACKGROUND_COLOR, BRAND_COLOR } from "@/lib/config/brand";

export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/",
    name: APP_NAME,
    short_name: APP_NAME,
    description: APP_DESCRIPTION,
    start_url: "/",
    scope: "/",
    display: "standalone",
    // Choice: the status bar in the logo's green; the splash in the page's own background.
    theme_color: BRAND_COLOR,
    background_color: BACKGROUND_COLOR,
    // Drawn by scripts/make-icons.ts from components/logo.tsx.
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
