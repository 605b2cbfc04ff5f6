// The views of the dispute list, shared by the service, the route's schema and the pages.
export const DISPUTE_FILTERS = ["all", "open", "queue", "closed"] as const;
export type DisputeFilter = (typeof DISPUTE_FILTERS)[number];
