// POST /api/account/second-factor/enrolment - a new secret for the authenticator app: { secret, uri, qrDataUrl } (R16.3).
// It is on only once POST /api/account/second-factor confirms a first code.
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { startEnrolment } from "@/lib/auth/second-factor-enrolment";
import { now } from "@/lib/clock";

export const POST = withSession(async (_req, { user }) => NextResponse.json(await startEnrolment(user, now()), { status: 201 }));
