"use client";
// React Query hooks of Settings › Billing's charges (R14.3): the client's charges with their
// invoices and attempts, and "Pay now". While an attempt is in flight the list is polled, so
// the outcome shows without a reload.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ChargeView } from "@/lib/client-billing/charge-views";
import { apiFetch } from "./api-client";
import { queryKeys } from "./keys";

// GET /api/charges answers the service's view (dates as ISO strings)
export type { ChargeView };

const IN_FLIGHT_POLL_MS = 3_000;

/** Whether the charge has an attempt whose answer is not in yet (PROCESSING, or UNKNOWN until reconciled). */
export function inFlight(c: ChargeView): boolean {
  return c.attempts.some((a) => a.outcome === "PROCESSING" || a.outcome === "UNKNOWN") && c.status !== "SUCCEEDED";
}

export function useCharges(initialData?: ChargeView[]) {
  return useQuery({
    queryKey: queryKeys.charges.list,
    queryFn: () => apiFetch<{ charges: ChargeView[] }>("/api/charges").then((r) => r.charges),
    initialData,
    refetchInterval: (q) => (q.state.data?.some(inFlight) ? IN_FLIGHT_POLL_MS : false),
  });
}

/** R14.3 "pay now": the default method at this moment; `code` when two-step verification is on (R16.3). */
export function usePayCharge() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, code }: { id: string; code?: string }) =>
      apiFetch<{ charge: ChargeView }>(`/api/charges/${id}/pay`, { method: "POST", body: code ? { code } : {} }).then((r) => r.charge),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.charges.all }),
  });
}
