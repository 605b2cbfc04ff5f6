// GET /api/proof/:contractId/:week - a contract week's proof bundle (R15.4), for its client and freelancer only
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { now } from "@/lib/clock";
import { proofBundle } from "@/lib/proof/bundle";

const params = z.object({ contractId: routeId("No such contract."), week: z.string().max(10, { error: "No such week." }) });

export const GET = withSession(async (_req, { user, params }) => {
  const bundle = await proofBundle(user, params.contractId, params.week, now());
  return new Response(bundle.body, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${bundle.fileName}"`,
      // the bundle holds the chain's head as of now: never cached
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}, { params });
