// R17.1 audio calls: the request bodies of /api/calls and POST /api/conversations/[id]/calls. Signalling is input
// like any other: a tab may relay only an offer, an answer, an ICE candidate or a restart, of bounded size.
import { z } from "zod";

export const CALL_LIMITS = {
  /** an SDP offer or answer for one audio track is 2-5 KB; hosted Pusher refuses events over 10 KB */
  sdpMaxChars: 8000,
  candidateMaxChars: 600,
  sdpMidMaxChars: 64,
} as const;

/** The browser tab a request comes from: a random id each tab makes once (sessionStorage). */
export const callTabIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "Must be 8 to 64 letters, digits, '-' or '_'.");

/** POST /api/conversations/[id]/calls, accept, decline, heartbeat. */
export const callTabSchema = z.strictObject({ tabId: callTabIdSchema });

export const hangupCallSchema = z.strictObject({
  tabId: callTabIdSchema,
  reason: z.enum(["hangup", "timeout", "failed"], { error: "Must be hangup, timeout or failed." }).default("hangup"),
});

/** SDP (RFC 8866) and candidate lines are printable ASCII text lines. */
const SDP_TEXT = /^[\x20-\x7e\r\n]*$/;
const sdpText = (max: number) => z.string().max(max, `At most ${max} characters.`).regex(SDP_TEXT, "Must be SDP text (printable ASCII lines).");

const iceCandidateSchema = z.strictObject({
  candidate: sdpText(CALL_LIMITS.candidateMaxChars),
  sdpMid: z.string().max(CALL_LIMITS.sdpMidMaxChars, `At most ${CALL_LIMITS.sdpMidMaxChars} characters.`).nullable(),
  sdpMLineIndex: z.number().int().min(0).max(64).nullable(),
});

export const callSignalSchema = z
  .strictObject({
    tabId: callTabIdSchema,
    to: callTabIdSchema,
    kind: z.enum(["offer", "answer", "candidate", "restart"], { error: "Must be offer, answer, candidate or restart." }),
    sdp: sdpText(CALL_LIMITS.sdpMaxChars).min(1).optional(),
    candidate: iceCandidateSchema.nullable().optional(),
  })
  .superRefine((s, ctx) => {
    // an offer and an answer carry their SDP; a candidate its candidate (null: the end of candidates)
    if ((s.kind === "offer" || s.kind === "answer") && s.sdp === undefined) ctx.addIssue({ code: "custom", path: ["sdp"], message: `An ${s.kind} carries its SDP.` });
    if (s.kind === "candidate" && s.candidate === undefined) ctx.addIssue({ code: "custom", path: ["candidate"], message: "A candidate carries its candidate (or null)." });
  });

export type CallSignalInput = z.output<typeof callSignalSchema>;
