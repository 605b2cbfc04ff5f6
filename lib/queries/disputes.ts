"use client";
// Disputes through React Query: the list (a party's own, an admin's queue), one dispute, and
// its transitions. A dispute-updated event on the viewer's own channel refetches all of it,
// and the contract pages too (a dispute pauses and resumes its contract, R7.2).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./api-client";
import { queryKeys } from "./keys";
import type { DisputeView } from "@/lib/disputes/get-dispute";
import type { DisputeSummary } from "@/lib/disputes/list-disputes";
import type { DisputeFilter } from "@/lib/validation/dispute-filters";
import { channels, REALTIME_EVENTS } from "@/lib/realtime/client/events";
import { useRealtimeRefetch } from "@/lib/realtime/client/hooks";
import { useRealtime } from "@/lib/realtime/client/realtime-provider";

export function useDisputes(filter: DisputeFilter, contractId: string | null, initialData?: DisputeSummary[]) {
  const search = new URLSearchParams({ filter, ...(contractId ? { contractId } : {}) });
  return useQuery({
    queryKey: queryKeys.disputes.list(filter, contractId),
    queryFn: () => apiFetch<{ disputes: DisputeSummary[] }>(`/api/disputes?${search}`).then((r) => r.disputes),
    initialData,
  });
}

export function useDispute(id: string, initialData: DisputeView) {
  return useQuery({
    queryKey: queryKeys.disputes.detail(id),
    queryFn: () => apiFetch<{ dispute: DisputeView }>(`/api/disputes/${id}`).then((r) => r.dispute),
    initialData,
  });
}

/** Live: any dispute of the viewer (or, for admins, any dispute) changed: refetch disputes and contracts. */
export function useLiveDisputes(): void {
  const { userId } = useRealtime();
  useRealtimeRefetch(userId ? channels.user(userId) : null, [REALTIME_EVENTS.disputeUpdated], [queryKeys.disputes.all, queryKeys.contracts.all]);
}

function useDisputeMutation<T>(id: string, request: (input: T) => Promise<{ dispute: DisputeView }>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: ({ dispute }) => {
      qc.setQueryData(queryKeys.disputes.detail(id), dispute);
      void qc.invalidateQueries({ queryKey: queryKeys.disputes.all });
      void qc.invalidateQueries({ queryKey: queryKeys.contracts.all });
    },
  });
}

/** R7.3 the freelancer accepts (refund) or declines (admin review). */
export function useRespondToDispute(id: string) {
  return useDisputeMutation(id, (answer: "accept" | "decline") => apiFetch(`/api/disputes/${id}/respond`, { method: "POST", body: { answer } }));
}

/** R7.4 the client withdraws: the segments are paid as usual. */
export function useWithdrawDispute(id: string) {
  return useDisputeMutation(id, () => apiFetch(`/api/disputes/${id}/withdraw`, { method: "POST" }));
}

/** R7.3 an admin's review: the segments failing Hourly Protection are refunded. */
export function useResolveDispute(id: string) {
  return useDisputeMutation(id, () => apiFetch(`/api/disputes/${id}/resolve`, { method: "POST" }));
}
