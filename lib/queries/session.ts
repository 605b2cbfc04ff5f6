"use client";
import { useMutation } from "@tanstack/react-query";
import { apiFetch } from "./api-client";
import type { SignInInput } from "@/lib/validation/auth";

export function useSignIn() {
  return useMutation({ mutationFn: (input: SignInInput) => apiFetch<{ ok: true }>("/api/session", { method: "POST", body: input }) });
}

export function useSignOut() {
  return useMutation({
    mutationFn: () => apiFetch<{ ok: true }>("/api/session", { method: "DELETE" }),
    // A full navigation drops every cached query of the previous user.
    onSuccess: () => window.location.assign("/sign-in"),
  });
}
