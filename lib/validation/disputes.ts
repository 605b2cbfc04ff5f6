// zod schemas of the dispute list (filing and answering live with the money routes in ./money).
import { z } from "zod";
import { DISPUTE_FILTERS } from "@/lib/disputes/filters";

export const listDisputesQuery = z.object({
  filter: z.enum(DISPUTE_FILTERS, { error: `Choose one of ${DISPUTE_FILTERS.join(", ")}.` }).optional(),
  contractId: z.uuid("Unknown contract.").optional(),
});
export type ListDisputesQuery = z.infer<typeof listDisputesQuery>;
