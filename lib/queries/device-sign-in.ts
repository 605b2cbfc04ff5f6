"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./api-client";
import { queryKeys } from "./keys";
import type { DeviceDecisionInput } from "@/lib/validation/tracker-device";

/** Approve or deny a tracker's device sign-in at /device; an approval adds a device to Settings › Tracker. */
export function useDeviceDecision() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: DeviceDecisionInput) =>
      apiFetch<{ status: "APPROVED" | "DENIED"; deviceName: string }>("/api/device/decision", { method: "POST", body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.trackerTokens.all }),
  });
}
