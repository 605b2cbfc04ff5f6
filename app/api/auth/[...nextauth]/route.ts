// GET/POST /api/auth/* - next-auth's own endpoints (session, csrf, signout)
import { handlers } from "@/lib/auth/config";

export const { GET, POST } = handlers;
