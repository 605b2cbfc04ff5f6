// next-auth (Auth.js v5) wiring: JWT sessions, one credentials provider that
// accepts only grants minted by lib/auth/sign-in.ts after it has checked the
// password and the rate limits.
import NextAuth, { type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { Role } from "@/lib/generated/prisma/enums";
import { db } from "@/lib/db/client";
import { readGrant } from "./grant";
import { safeCallbackPath } from "./callback-url";
import { authSecret } from "./secret";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: Role; sessionVersion: number } & DefaultSession["user"];
  }
  interface User {
    role: Role;
    sessionVersion: number;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: authSecret(),
  trustHost: true,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: [
    Credentials({
      credentials: { grant: {} },
      async authorize(credentials) {
        const grant = typeof credentials?.grant === "string" ? credentials.grant : "";
        const userId = readGrant(grant, Date.now(), authSecret());
        if (!userId) return null;
        const user = await db().user.findUnique({ where: { id: userId } });
        if (!user || user.suspendedAt) return null;
        return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.role = user.role;
        // currentUser compares it with the user's on every request: bumping it ends this session
        token.sv = user.sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = token.sub as string;
      session.user.role = token.role as Role;
      // Sessions issued before versions existed carry none: they are version 0 until the first bump.
      session.user.sessionVersion = typeof token.sv === "number" ? token.sv : 0;
      return session;
    },
    // Same-origin paths only (absolute URLs disagree between 127.0.0.1 and localhost, and
    // "/\evil.example" or "/%09/evil.example" would leave the site).
    redirect({ url, baseUrl }) {
      return `${baseUrl}${safeCallbackPath(url, baseUrl)}`;
    },
  },
}));
