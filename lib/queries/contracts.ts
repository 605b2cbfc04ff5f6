"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./api-client";
import { queryKeys } from "./keys";
import { channels, REALTIME_EVENTS } from "@/lib/realtime/client/events";
import { useRealtimeRefetch } from "@/lib/realtime/client/hooks";
import { useRealtime } from "@/lib/realtime/client/realtime-provider";
import type { ContractDetail } from "@/lib/contracts/get-contract";
import type { StatusAction } from "@/lib/contracts/change-status";
import type { CreateContractInput, RehireInput } from "@/lib/validation/contracts";

export function useContract(id: string, initialData: ContractDetail) {
  // The other side accepts, declines, withdraws, pauses or ends: refetch (lib/contracts/change-status.ts).
  const { userId } = useRealtime();
  useRealtimeRefetch(userId ? channels.user(userId) : null, [REALTIME_EVENTS.contractUpdated], [queryKeys.contracts.all]);
  return useQuery({ queryKey: queryKeys.contracts.detail(id), queryFn: () => apiFetch<ContractDetail>(`/api/contracts/${id}`), initialData });
}

export function useCreateContract() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateContractInput) => apiFetch<{ id: string }>("/api/contracts", { method: "POST", body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.contracts.all }),
  });
}

function useContractMutation<T>(id: string, request: (input: T) => Promise<ContractDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (detail) => {
      qc.setQueryData(queryKeys.contracts.detail(id), detail);
      void qc.invalidateQueries({ queryKey: queryKeys.contracts.all });
    },
  });
}

export function useChangeTerms(id: string) {
  return useContractMutation(id, (input: { weeklyLimitHours?: number | null; manualTimeAllowed?: boolean }) =>
    apiFetch<ContractDetail>(`/api/contracts/${id}`, { method: "PATCH", body: input }),
  );
}

export function useContractAction(id: string) {
  return useContractMutation(id, (action: StatusAction) =>
    apiFetch<ContractDetail>(`/api/contracts/${id}/${action}`, { method: "POST" }),
  );
}

export function useRehire(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: RehireInput) => apiFetch<{ id: string }>(`/api/contracts/${id}/rehire`, { method: "POST", body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.contracts.all }),
  });
}
