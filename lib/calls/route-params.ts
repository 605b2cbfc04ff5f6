// The params of /api/calls/[callId]/*: a call id that is not a UUID names no call (404).
import { z } from "zod";

export const callParams = z.object({ callId: z.uuid({ error: "No such call." }) });
