import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "./providers";
import { AppHeader } from "@/components/app-header";
import { ConfirmEmailBanner } from "@/components/accounts/confirm-email-banner";
import { currentUser } from "@/lib/auth/current-user";
import { realtimeClientConfig } from "@/lib/config/realtime";
import { APP_DESCRIPTION, APP_NAME, BRAND_COLOR } from "@/lib/config/brand";

export const metadata: Metadata = {
  title: { default: APP_NAME, template: `%s · ${APP_NAME}` },
  description: APP_DESCRIPTION,
  // Listed here, so Next leaves out app/icon.svg's own link: the ICO first (browsers
  // and crawlers that ask /favicon.ico), the SVG (app/icon.svg) for browsers that
  // take it, and iOS's home-screen icon. The manifest (app/manifest.ts) links itself.
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "32x32" },
      { url: "/icon.svg", type: "image/svg+xml" },
    ],
    apple: [{ url: "/apple-touch-icon.png", sizes: "180x180" }],
  },
  appleWebApp: { capable: true, title: APP_NAME, statusBarStyle: "default" },
};

// The browser's and the installed app's bars in the logo's green (as the manifest says).
export const viewport: Viewport = { themeColor: BRAND_COLOR };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Read per request (the layout is dynamic: it has a session), so the browser is
  // pointed at the realtime server of this deployment, not of the build machine.
  const user = await currentUser();
  const realtime = user ? { config: realtimeClientConfig(), userId: user.id } : null;
  return (
    <html lang="en">
      <body>
        {/* the first thing Tab reaches: past the header's links straight to the page */}
        <a href="#main" className="sr-only rounded bg-white px-4 py-2 font-medium text-brand-700 shadow focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50">
          Skip to content
        </a>
        <Providers realtime={realtime}>
          <AppHeader />
          {/* tabIndex -1: the skip link moves focus here, so the next Tab continues inside the page */}
          <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl px-4 py-6 outline-none">
            <ConfirmEmailBanner user={user} />
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
