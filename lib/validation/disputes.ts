// zod schemas of the dispute list (filing and answering live with the money routes in ./money).
import { z } from "zod";
import { DISPUTE_FILTERS, type DisputeFilter } from "./dispute-filters";
import { chooseOne } from "./field-labels";

const DISPUTE_FILTER_LABELS: Record<DisputeFilter, string> = { all: "all", open: "open", queue: "the review queue", closed: "closed" };

export const listDisputesQuery = z.object({
  filter: z.enum(DISPUTE_FILTERS, { error: chooseOne("which disputes to list", DISPUTE_FILTERS, DISPUTE_FILTER_LABELS) }).optional(),
  contractId: z.uuid("Unknown contract.").optional(),
});
export type ListDisputesQuery = z.infer<typeof listDisputesQuery>;
