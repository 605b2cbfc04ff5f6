"use client";
// React Query hooks of the Work Diary. The day comes from the server (first render, then
// /api/diary); realtime "segment-changed" events only make the contract's cached days refetch.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./api-client";
import { queryKeys } from "./keys";
import { channels, REALTIME_EVENTS } from "@/lib/realtime/client/events";
import { useChannelEvent } from "@/lib/realtime/client/hooks";
import { useRealtime } from "@/lib/realtime/client/realtime-provider";
import { useEffect, useRef } from "react";
import type { AddManualTimeResult, DeleteSegmentsResult, DiaryDay, TzMode } from "@/lib/diary/types";

export interface DiaryView {
  contractId: string;
  day: string;
  tz: TzMode;
}

export const diaryDayPath = (v: DiaryView) => `/api/diary/${v.contractId}/days/${v.day}?tz=${v.tz}`;

const matches = (d: DiaryDay, v: DiaryView) => d.contract.id === v.contractId && d.day === v.day && d.tz === v.tz;

/** One day; the server's first render seeds it, and while another day loads the last one stays shown. */
export function useDiaryDay(view: DiaryView, initial: DiaryDay) {
  return useQuery({
    queryKey: queryKeys.diary.day(view.contractId, view.day, view.tz),
    queryFn: () => apiFetch<DiaryDay>(diaryDayPath(view)),
    initialData: matches(initial, view) ? initial : undefined,
    // Another day or zone of the same contract: keep showing the last one while it loads (not another contract's).
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[1] === view.contractId ? keepPreviousData(previous) : undefined),
  });
}

/** Warms the cache for a day the user is likely to open next (the previous one). */
export function usePrefetchDiaryDay() {
  const qc = useQueryClient();
  return (view: DiaryView) =>
    qc.prefetchQuery({ queryKey: queryKeys.diary.day(view.contractId, view.day, view.tz), queryFn: () => apiFetch<DiaryDay>(diaryDayPath(view)), staleTime: 30_000 });
}

const LIVE_DEBOUNCE_MS = 150;

/**
 * Live: a segment stored, deleted or added on this contract refetches its open days, and so does
 * a dispute on it being filed, answered, escalated, resolved or withdrawn (the cells show its
 * status). Choice: events within 150 ms make one refetch (deleting 30 segments sends 30 events),
 * so a burst costs one request rather than a refetch cancelled and restarted per event.
 */
export function useDiaryLive(contractId: string): void {
  const qc = useQueryClient();
  const { userId } = useRealtime();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refetchSoon = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      void qc.invalidateQueries({ queryKey: queryKeys.diary.contract(contractId) });
    }, LIVE_DEBOUNCE_MS);
  };
  useChannelEvent(channels.contract(contractId), REALTIME_EVENTS.segmentChanged, refetchSoon);
  useChannelEvent(userId ? channels.user(userId) : null, REALTIME_EVENTS.disputeUpdated, (event) => {
    if (event.contractId === contractId) refetchSoon();
  });
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
}

function useRefetchContractDays(contractId: string) {
  const qc = useQueryClient();
  // Awaited, so a mutation is done only once the day on screen shows its effect.
  return () => qc.invalidateQueries({ queryKey: queryKeys.diary.contract(contractId) });
}

export function useDeleteSegments(contractId: string) {
  const refetch = useRefetchContractDays(contractId);
  return useMutation({
    mutationFn: (segmentIds: string[]) => apiFetch<DeleteSegmentsResult>(`/api/diary/${contractId}/segments`, { method: "DELETE", body: { segmentIds } }),
    onSettled: refetch,
  });
}

export function useAddManualTime(contractId: string) {
  const refetch = useRefetchContractDays(contractId);
  return useMutation({
    mutationFn: (input: { slotStarts: string[]; memo: string }) =>
      apiFetch<AddManualTimeResult>(`/api/diary/${contractId}/manual-time`, { method: "POST", body: input }),
    onSuccess: refetch,
  });
}

export interface FileDisputeInput {
  /** R1.1 the invoiced week of the segments (one week per dispute), an ISO instant or YYYY-MM-DD */
  weekStart: string;
  segmentIds: string[];
  reason: string;
}

/**
 * R7.1 the client disputes billed segments of a week in its review window. The filing itself
 * (money held, contract paused) belongs to the disputes service; this is the one place the
 * diary calls it.
 */
export function useFileDispute(contractId: string) {
  const refetch = useRefetchContractDays(contractId);
  const qc = useQueryClient();
  return useMutation({
    // POST /api/disputes (lib/validation/money fileDisputeSchema): the week as its Monday, YYYY-MM-DD
    mutationFn: (input: FileDisputeInput) =>
      apiFetch<{ dispute: { id: string; referenceId: string } }>("/api/disputes", {
        method: "POST",
        body: { contractId, weekStart: input.weekStart.slice(0, 10), segmentIds: input.segmentIds, reason: input.reason },
      }).then((r) => r.dispute),
    onSuccess: async () => {
      await refetch();
      // Filing pauses the contract (R7.2): its pages show the new status.
      void qc.invalidateQueries({ queryKey: queryKeys.contracts.all });
    },
  });
}
