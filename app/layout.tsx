import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "./providers";
import { AppHeader } from "@/components/app-header";
import { currentUser } from "@/lib/auth/current-user";
import { realtimeClientConfig } from "@/lib/realtime/config";

export const metadata: Metadata = {
  title: { default: "Hourglass", template: "%s · Hourglass" },
  description: "Self-hostable portal for hourly contracts",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Read per request (the layout is dynamic: it has a session), so the browser is
  // pointed at the realtime server of this deployment, not of the build machine.
  const user = await currentUser();
  const realtime = user ? { config: realtimeClientConfig(), userId: user.id } : null;
  return (
    <html lang="en">
      <body>
        <Providers realtime={realtime}>
          <AppHeader />
          <main className="mx-auto w-full max-w-6xl px-4 py-6">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
