// Schemas of the tracker's device sign-in (RFC 8628): /api/tracker/v1/device/code and /token, and the
// freelancer's decision at /device. Field names of the two tracker endpoints follow the RFC (snake_case).
import { z } from "zod";
import { text } from "./text";
import { devicePublicKey, trackerApiRegistry } from "./tracker";

export const DEVICE_NAME_MAX = 80;
export const DEVICE_CODE_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";

const deviceName = text("Give the device a name.").trim().max(DEVICE_NAME_MAX, `Use at most ${DEVICE_NAME_MAX} characters.`);

export const deviceCodeRequestSchema = z
  .object({
    device_name: deviceName.optional().describe("What Settings > Tracker calls this computer; the freelancer may change it"),
    public_key: devicePublicKey()
      .optional()
      .describe("R15.1 the tracker's Ed25519 public key (raw 32 bytes, base64url), made at this sign-in; kept with the token it is issued"),
  })
  .register(trackerApiRegistry, { id: "DeviceCodeRequest" });

export const deviceAuthorizationSchema = z
  .object({
    device_code: z.string().describe("The tracker's secret for polling /device/token; works once"),
    user_code: z.string().describe("What the freelancer confirms at verification_uri, as BCDF-GHJK"),
    verification_uri: z.string(),
    verification_uri_complete: z.string(),
    expires_in: z.number().int().describe("seconds"),
    interval: z.number().int().describe("seconds to wait between polls"),
  })
  .register(trackerApiRegistry, { id: "DeviceAuthorization" });
export type DeviceAuthorization = z.infer<typeof deviceAuthorizationSchema>;

export const deviceTokenRequestSchema = z
  .object({ grant_type: z.literal(DEVICE_CODE_GRANT_TYPE), device_code: z.string() })
  .register(trackerApiRegistry, { id: "DeviceTokenRequest" });

// Answers of /device/token, registered for the OpenAPI document.
z
  .object({ access_token: z.string().describe("An ordinary tracker token (hgt_...), named after the device"), token_type: z.literal("Bearer") })
  .register(trackerApiRegistry, { id: "DeviceToken" });

export const DEVICE_TOKEN_ERRORS = ["authorization_pending", "slow_down", "access_denied", "expired_token", "invalid_grant", "unsupported_grant_type", "invalid_request"] as const;
export type DeviceTokenError = (typeof DEVICE_TOKEN_ERRORS)[number];

z
  .object({ error: z.enum(DEVICE_TOKEN_ERRORS), error_description: z.string() })
  .register(trackerApiRegistry, { id: "DeviceTokenError" });

/** The signed-in freelancer's answer at /device. */
export const deviceDecisionSchema = z.object({
  userCode: text("Enter the code shown by your tracker.").min(1, "Enter the code shown by your tracker.").max(40, "Enter the 8-letter code shown by your tracker."),
  decision: z.enum(["approve", "deny"], { error: "Choose Approve or Deny." }),
  deviceName: deviceName.min(1, "Give the device a name.").optional(),
});
export type DeviceDecisionInput = z.infer<typeof deviceDecisionSchema>;
