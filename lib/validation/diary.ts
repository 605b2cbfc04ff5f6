// Schemas of the Work Diary: its page's search parameters and its routes' bodies.
import { z } from "zod";
import { text } from "./text";
import { LIMITS } from "../config/limits";
import { RULES } from "../config/rules";
import { isDay } from "./day";

const SLOT_MS = RULES.time.slotMinutes * 60_000;

/** Choice: at most one day's worth of slots (25 hours on a DST day) per request. */
export const MAX_SLOTS_PER_REQUEST = 150;

export const tzModeSchema = z.enum(["utc", "mine", "freelancer"]);

export const daySchema = z.string().refine(isDay, "Give the day as YYYY-MM-DD.");

export const contractIdSchema = z.uuid("No such contract.");

/** /diary?contract=&day=&tz= : anything malformed falls back to the default, never an error page. */
export const diarySearchSchema = z.object({
  contract: contractIdSchema.optional().catch(undefined),
  day: daySchema.optional().catch(undefined),
  tz: tzModeSchema.catch("utc"),
});
export type DiarySearch = z.infer<typeof diarySearchSchema>;

export const dayQuerySchema = z.object({ tz: tzModeSchema.default("utc") });

export const deleteSegmentsSchema = z.object({
  segmentIds: z
    .array(z.uuid("Each segment id must be a UUID."), { error: "Select at least one segment." })
    .min(1, "Select at least one segment.")
    .max(MAX_SLOTS_PER_REQUEST, `Delete at most ${MAX_SLOTS_PER_REQUEST} segments at once.`)
    .refine((ids) => new Set(ids).size === ids.length, "A segment is listed twice."),
});
export type DeleteSegmentsInput = z.infer<typeof deleteSegmentsSchema>;

export const manualTimeSchema = z.object({
  slotStarts: z
    .array(
      z.iso
        .datetime({ offset: true, error: "Each slot must be an ISO instant." })
        .refine((s) => Date.parse(s) % SLOT_MS === 0, `Slots start on the ${RULES.time.slotMinutes}-minute grid (:00, :10 ... :50 UTC).`),
      { error: "Pick at least one empty slot." },
    )
    .min(1, "Pick at least one empty slot.")
    .max(MAX_SLOTS_PER_REQUEST, `Add at most ${MAX_SLOTS_PER_REQUEST} slots at once.`)
    .refine((s) => new Set(s.map((x) => Date.parse(x))).size === s.length, "A slot is listed twice."),
  // R3.2 a memo is required; the rule (lib/billing) judges blank ones, the schema their length.
  memo: text("A memo is required.").trim().max(LIMITS.segmentMemoMaxLength, `Use at most ${LIMITS.segmentMemoMaxLength} characters.`),
});
export type ManualTimeInput = z.infer<typeof manualTimeSchema>;
