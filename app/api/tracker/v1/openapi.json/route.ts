// GET /api/tracker/v1/openapi.json - the tracker API's OpenAPI 3.1 document
// Choice: public, like the API's documentation: it describes the API and holds no data.
import { NextResponse } from "next/server";
import { withoutSession } from "@/app/api/_lib/handler";
import { trackerOpenApiDocument } from "@/lib/tracker-api/openapi";

export const GET = withoutSession(async () => NextResponse.json(trackerOpenApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } }));
