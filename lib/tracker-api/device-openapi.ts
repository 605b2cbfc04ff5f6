// The device sign-in's paths in the tracker API's OpenAPI document (lib/tracker-api/openapi.ts). Importing
// lib/validation/tracker-device.ts registers its request and answer schemas among the components.
import { DEVICE_SIGN_IN } from "../tracker-devices/limits";
import "../validation/tracker-device";

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const body = (id: string) => ({
  required: true,
  content: { "application/x-www-form-urlencoded": { schema: ref(id) }, "application/json": { schema: ref(id) } },
});

export function deviceSignInPaths(): Record<string, unknown> {
  return {
    "/api/tracker/v1/device/code": {
      post: {
        operationId: "startDeviceSignIn",
        summary: `Start a device sign-in (RFC 8628 3.1): show user_code, open verification_uri_complete, then poll /device/token. Needs no token; ${DEVICE_SIGN_IN.startsPerAddress.limit} per address in ${DEVICE_SIGN_IN.startsPerAddress.windowMs / 60_000} minutes`,
        security: [],
        requestBody: body("DeviceCodeRequest"),
        responses: {
          "200": { description: "Started.", content: { "application/json": { schema: ref("DeviceAuthorization") } } },
          "422": { description: "device_name too long, or public_key not a raw 32-byte Ed25519 key in base64url.", content: { "application/json": { schema: ref("Error") } } },
          "429": { description: "Too many sign-ins started from this address.", headers: { "Retry-After": { schema: { type: "integer" } } }, content: { "application/json": { schema: ref("Error") } } },
        },
      },
    },
    "/api/tracker/v1/device/token": {
      post: {
        operationId: "pollDeviceSignIn",
        summary: "Poll a device sign-in (RFC 8628 3.4) every `interval` seconds: the tracker token once approved, given once",
        security: [],
        requestBody: body("DeviceTokenRequest"),
        responses: {
          "200": { description: "Approved: the token, this once.", content: { "application/json": { schema: ref("DeviceToken") } } },
          "400": {
            description: "RFC 8628 3.5: authorization_pending (poll again), slow_down (add 5 s to the interval), access_denied, expired_token, invalid_grant (unknown or already used), unsupported_grant_type, invalid_request.",
            content: { "application/json": { schema: ref("DeviceTokenError") } },
          },
        },
      },
    },
  };
}
