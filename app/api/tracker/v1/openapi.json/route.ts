// GET /api/tracker/v1/openapi.json - the tracker API's OpenAPI 3.1 document (public: it holds no data)
import { NextResponse } from "next/server";
import { trackerOpenApiDocument } from "@/lib/tracker-api/openapi";

export function GET() {
  return NextResponse.json(trackerOpenApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
}
