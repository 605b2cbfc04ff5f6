"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./api-client";
import { queryKeys } from "./keys";
import type { TrackerTokenView } from "@/lib/tracker-tokens/list-tracker-tokens";

export function useTrackerTokens() {
  return useQuery({
    queryKey: queryKeys.trackerTokens.all,
    queryFn: () => apiFetch<{ tokens: TrackerTokenView[] }>("/api/settings/tracker-tokens").then((r) => r.tokens),
  });
}

export function useCreateTrackerToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      apiFetch<{ token: TrackerTokenView & { token: string } }>("/api/settings/tracker-tokens", { method: "POST", body: { name } }).then((r) => r.token),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.trackerTokens.all }),
  });
}

export function useRevokeTrackerToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/settings/tracker-tokens/${id}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.trackerTokens.all }),
  });
}
