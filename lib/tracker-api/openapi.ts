// The tracker API's OpenAPI 3.1 document, generated from the zod schemas the
// handlers parse with (lib/validation/tracker.ts), so the two cannot drift.
import { z } from "zod";
import { LIMITS } from "../config/limits";
import { RULES } from "../config/rules";
import { SCREENSHOT_CONTENT_TYPES, SEGMENT_UPLOAD_PARTS, trackerApiRegistry } from "../validation/tracker";
import { deviceSignInPaths } from "./device-openapi";

type JsonObject = Record<string, unknown>;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function componentSchemas(): Record<string, JsonObject> {
  const { schemas } = z.toJSONSchema(trackerApiRegistry, { io: "input", uri: (id) => `#/components/schemas/${id}` }) as { schemas: Record<string, JsonObject> };
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return schemas;
}

function errorResponse(description: string, extraHeaders: JsonObject = {}): JsonObject {
  return { description, headers: extraHeaders, content: { "application/json": { schema: ref("Error") } } };
}

const COMMON_ERRORS = {
  "401": errorResponse("Missing, unknown or revoked tracker token."),
  "429": errorResponse(`More than ${LIMITS.trackerRequestsPerMinute} requests in a minute for this token.`, {
    "Retry-After": { description: "Seconds until the next request is accepted.", schema: { type: "integer" } },
  }),
  "500": errorResponse("Something went wrong in the portal; retry later."),
  "503": errorResponse("unavailable: the portal's database or file storage cannot be reached for now; nothing was stored. Retry later.", {
    "Retry-After": { description: "Seconds worth waiting before retrying.", schema: { type: "integer" } },
  }),
};

let cached: JsonObject | undefined;

export function trackerOpenApiDocument(): JsonObject {
  cached ??= {
    openapi: "3.1.0",
    info: {
      title: "Hourglass tracker API",
      version: "1.0.0",
      description:
        "What the desktop tracker uses: who the token belongs to and which contracts it may track, posting one 10-minute segment " +
        "with its screenshot, and deleting a segment. Every error has the shape {\"error\": {\"code\", \"message\", \"fields\"?, \"reasons\"?}}. See docs/tracker-api.md.",
    },
    servers: [{ url: "/" }],
    security: [{ trackerToken: [] }],
    paths: {
      "/api/tracker/v1/me": {
        get: {
          operationId: "getTrackerProfile",
          summary: "The token's owner and the contracts it may track (active and unpaused), with the portal's clock",
          responses: { "200": { description: "The profile.", content: { "application/json": { schema: ref("TrackerProfile") } } }, ...COMMON_ERRORS },
        },
      },
      "/api/tracker/v1/segments": {
        post: {
          operationId: "postSegment",
          summary: "Store one tracked segment with its screenshot (idempotent by segmentId and content, R2.6)",
          requestBody: {
            required: true,
            content: {
              "multipart/form-data": {
                schema: {
                  type: "object",
                  required: [SEGMENT_UPLOAD_PARTS.fields, SEGMENT_UPLOAD_PARTS.screenshot],
                  properties: {
                    [SEGMENT_UPLOAD_PARTS.fields]: ref("SegmentFields"),
                    [SEGMENT_UPLOAD_PARTS.screenshot]: {
                      type: "string",
                      contentMediaType: "application/octet-stream",
                      description:
                        `A plain JPEG (JFIF, no EXIF or other metadata), judged by content; at most ${LIMITS.screenshotMaxBytes / 1024 / 1024} MB and ${LIMITS.screenshotMaxPixels / 1_000_000} megapixels. ` +
                        "Stored byte for byte, as signed (R15.1), and thumbnailed by the portal; a PNG or a JPEG with metadata is refused (screenshot_not_plain).",
                    },
                  },
                },
                encoding: {
                  [SEGMENT_UPLOAD_PARTS.fields]: { contentType: "application/json" },
                  [SEGMENT_UPLOAD_PARTS.screenshot]: { contentType: SCREENSHOT_CONTENT_TYPES.join(", ") },
                },
              },
            },
          },
          responses: {
            "201": { description: "Stored.", content: { "application/json": { schema: ref("StoredSegment") } } },
            "200": { description: "Already stored with the same content (a resend): the stored segment.", content: { "application/json": { schema: ref("StoredSegment") } } },
            "404": errorResponse("No such contract for this token's owner."),
            "409": errorResponse("The slot or the segment id already holds different content, or the segment was deleted."),
            "413": errorResponse("The body or the screenshot is too large (bytes or pixels)."),
            "415": errorResponse("Not multipart/form-data, or the screenshot is not a JPEG or PNG."),
            "422": errorResponse(
              `Malformed fields (see fields), an undecodable image, or a rule refused the slot (see reasons): the contract is not active or is paused, ` +
                `the slot starts more than ${RULES.tracking.clockSkewAllowanceMs / 60_000} minutes in the future, or its week is locked. ` +
                "R15.1 by code: signature_required (no signature), device_key_missing (no key registered for this token: PUT /api/tracker/v1/key), " +
                "signature_invalid (does not verify with the device's key), screenshot_not_plain (the screenshot would have to be re-encoded).",
            ),
            "507": errorResponse("insufficient_storage: the portal's disk is full; nothing was stored. Retry later."),
            ...COMMON_ERRORS,
          },
        },
      },
      "/api/tracker/v1/segments/{segmentId}": {
        delete: {
          operationId: "deleteSegment",
          summary: "Delete one of the owner's segments while its week is editable (until Monday 12:00 UTC after it)",
          parameters: [{ name: "segmentId", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
          responses: {
            "204": { description: "Deleted (also when it had been deleted already)." },
            "404": errorResponse("No such segment for this token's owner."),
            "422": errorResponse("The segment's week is locked (reasons: WEEK_LOCKED)."),
            ...COMMON_ERRORS,
          },
        },
      },
      "/api/tracker/v1/key": {
        put: {
          operationId: "registerDeviceKey",
          summary: "Register this device's Ed25519 public key (R15.1), for a token made in Settings > Tracker; device sign-in registers it by itself",
          requestBody: { required: true, content: { "application/json": { schema: ref("DeviceKeyRequest") } } },
          responses: {
            "200": { description: "Registered, or this same key was already: its id.", content: { "application/json": { schema: ref("DeviceKey") } } },
            "409": errorResponse("Another key is registered for this device: a device's key never changes; sign the tracker in again."),
            "422": errorResponse("Not a raw 32-byte Ed25519 public key in base64url."),
            ...COMMON_ERRORS,
          },
        },
      },
      "/api/tracker/v1/events": {
        post: {
          operationId: "postTrackerEvent",
          summary: "Report that tracking stopped for inactivity; the freelancer is notified once (R16.4)",
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object", additionalProperties: false, required: ["kind", "at", "contractId"],
                  properties: { kind: { const: "stopped_idle" }, at: { type: "string", format: "date-time" }, contractId: { type: "string", format: "uuid" } },
                },
              },
            },
          },
          responses: {
            "201": { description: "Recorded; the freelancer is notified." },
            "200": { description: "Already recorded (a resend of the same contract and instant)." },
            "404": errorResponse("No such contract for this token's owner."),
            "422": errorResponse("Malformed fields, or `at` is in the future or more than a day old."),
            ...COMMON_ERRORS,
          },
        },
      },
      "/api/tracker/v1/token": {
        delete: {
          operationId: "revokeOwnToken",
          summary: "Sign out: revoke the token this request is made with (Settings > Tracker then lists it as revoked)",
          responses: { "204": { description: "Revoked; every later call with it answers 401." }, ...COMMON_ERRORS },
        },
      },
      "/api/tracker/v1/ping": {
        get: {
          operationId: "ping",
          summary: "Whether the portal is up, and its clock; needs no token and touches no data",
          security: [],
          responses: {
            "200": {
              description: "Up.",
              content: { "application/json": { schema: { type: "object", required: ["ok", "serverTime"], properties: { ok: { const: true }, serverTime: { type: "string", format: "date-time" } } } } },
            },
          },
        },
      },
      "/api/tracker/v1/openapi.json": {
        get: {
          operationId: "getOpenApiDocument",
          summary: "This document",
          security: [],
          responses: { "200": { description: "OpenAPI 3.1", content: { "application/json": { schema: { type: "object" } } } } },
        },
      },
      ...deviceSignInPaths(),
    },
    components: {
      securitySchemes: { trackerToken: { type: "http", scheme: "bearer", bearerFormat: "hgt_...", description: "A tracker token: from the device sign-in (/api/tracker/v1/device/code), or created in Settings > Tracker." } },
      schemas: componentSchemas(),
    },
  };
  return cached;
}
