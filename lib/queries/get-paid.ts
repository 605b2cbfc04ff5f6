"use client";
// React Query hooks of Settings > Get Paid: balances, payout methods, the schedule,
// withdrawals and withdraw-now. A withdrawal's status is followed live (the user's
// withdrawal-updated events) and, while one is processing, by polling too, so a
// missed event never leaves it stuck on the screen.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRealtimeRefetch } from "@/lib/realtime/client/hooks";
import { channels, REALTIME_EVENTS } from "@/lib/realtime/client/events";
import type { BalancesView } from "@/lib/ledger/balances";
import type { WithdrawResult } from "@/lib/payouts/withdraw";
import type { WithdrawalListItem as WithdrawalView } from "@/lib/payouts/list-withdrawals";
import type { PayoutMethodView } from "@/lib/payouts/list-payout-methods";
import type { PayoutScheduleView } from "@/lib/payouts/payout-schedule";
import type { AddPayoutMethodBody, PayoutScheduleBody } from "@/lib/validation/payouts";
import { ApiClientError, apiFetch } from "./api-client";
import { queryKeys } from "./keys";

export type { BalancesView, PayoutMethodView, PayoutScheduleView, WithdrawalView };

const PROCESSING_POLL_MS = 5_000;

/** Refetches everything on the page when a withdrawal changes or money becomes available. */
export function useGetPaidLive(userId: string) {
  useRealtimeRefetch(channels.user(userId), [REALTIME_EVENTS.withdrawalUpdated, REALTIME_EVENTS.paymentAvailable], [queryKeys.getPaid.all]);
}

export function useBalances(initialData?: BalancesView) {
  return useQuery({ queryKey: queryKeys.getPaid.balances, queryFn: () => apiFetch<{ balances: BalancesView }>("/api/ledger/balances").then((r) => r.balances), initialData });
}

export function usePayoutMethods(initialData?: PayoutMethodView[]) {
  return useQuery({ queryKey: queryKeys.getPaid.methods, queryFn: () => apiFetch<{ methods: PayoutMethodView[] }>("/api/payout-methods").then((r) => r.methods), initialData });
}

export function usePayoutSchedule(initialData?: PayoutScheduleView | null) {
  return useQuery({ queryKey: queryKeys.getPaid.schedule, queryFn: () => apiFetch<{ schedule: PayoutScheduleView | null }>("/api/payout-schedule").then((r) => r.schedule), initialData });
}

export function useWithdrawals(initialData?: WithdrawalView[]) {
  return useQuery({
    queryKey: queryKeys.getPaid.withdrawals,
    queryFn: () => apiFetch<{ withdrawals: WithdrawalView[] }>("/api/withdrawals").then((r) => r.withdrawals),
    initialData,
    refetchInterval: (q) => (q.state.data?.some((w) => w.status === "PROCESSING") ? PROCESSING_POLL_MS : false),
  });
}

/** One withdrawal, polled until it is PAID or FAILED. */
export function useWithdrawal(id: string, initialData?: WithdrawalView) {
  return useQuery({
    queryKey: queryKeys.getPaid.withdrawal(id),
    queryFn: () => apiFetch<{ withdrawal: WithdrawalView }>(`/api/withdrawals/${id}`).then((r) => r.withdrawal),
    initialData,
    refetchInterval: (q) => (q.state.data?.status === "PROCESSING" ? PROCESSING_POLL_MS : false),
  });
}

function useGetPaidMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.getPaid.all }) });
}

export function useAddPayoutMethod() {
  // R16.3 `code` when two-step verification is on
  return useGetPaidMutation((body: AddPayoutMethodBody & { code?: string }) => apiFetch<{ method: PayoutMethodView }>("/api/payout-methods", { method: "POST", body }).then((r) => r.method));
}

export function useSetDefaultPayoutMethod() {
  return useGetPaidMutation(({ id, code }: { id: string; code?: string }) => apiFetch<{ methods: PayoutMethodView[] }>(`/api/payout-methods/${id}`, { method: "PATCH", body: { isDefault: true, code } }));
}

export function useRemovePayoutMethod() {
  return useGetPaidMutation(({ id, code }: { id: string; code?: string }) => apiFetch<void>(`/api/payout-methods/${id}`, { method: "DELETE", body: code ? { code } : undefined }));
}

export function useSetPayoutSchedule() {
  return useGetPaidMutation((body: PayoutScheduleBody) => apiFetch<{ schedule: PayoutScheduleView }>("/api/payout-schedule", { method: "PUT", body }).then((r) => r.schedule));
}

export function useClearPayoutSchedule() {
  return useGetPaidMutation(() => apiFetch<void>("/api/payout-schedule", { method: "DELETE" }));
}

export interface WithdrawRequest {
  amountCents: number;
  methodId: string;
  password: string;
  /** one per confirmed amount and method (newIdempotencyKey), the same for every retry */
  idempotencyKey: string;
}

/** Only a request that may never have reached the server, or failed on its side, is worth sending again. */
export function isRetryable(error: unknown): boolean {
  return !(error instanceof ApiClientError) || error.status >= 500;
}

/**
 * R10.2 withdraw now. A request lost on the way (network, 5xx) is retried twice with the same
 * Idempotency-Key: the server answers a repeat with the withdrawal the first one made, so a retry
 * or a double submit never pays twice.
 */
export function useWithdraw() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ idempotencyKey, ...body }: WithdrawRequest) =>
      apiFetch<WithdrawResult>("/api/withdrawals", { method: "POST", body, headers: { "Idempotency-Key": idempotencyKey } }),
    retry: (failures, error) => failures < 2 && isRetryable(error),
    retryDelay: (attempt) => 500 * 2 ** attempt,
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.getPaid.all }),
    // an answer that never came may still have booked it: show the history as it is
    onError: (error) => (isRetryable(error) ? qc.invalidateQueries({ queryKey: queryKeys.getPaid.all }) : undefined),
  });
}

/** A fresh idempotency key: a UUID v4, also where crypto.randomUUID is missing (plain-http self-hosting is not a secure context). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
