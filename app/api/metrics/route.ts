// GET /metrics (rewritten here by next.config.js) - Prometheus metrics of this web process, behind
// METRICS_TOKEN: 404 without one set, 401 for a wrong one (lib/observability/metrics.ts).
import { withoutSession } from "@/app/api/_lib/handler";
import { answerMetrics } from "@/lib/observability/metrics";
import { registerScrapeSources } from "@/lib/observability/scrape-sources";

export const GET = withoutSession(async (req) => {
  registerScrapeSources();
  const { status, headers, body } = await answerMetrics(req.headers.get("authorization"));
  return new Response(body, { status, headers });
});
