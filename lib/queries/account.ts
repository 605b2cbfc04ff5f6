"use client";
// Issue 16, keeping an account: the forgotten-password pages and Settings › Account.
import { useMutation } from "@tanstack/react-query";
import { apiFetch } from "./api-client";
import type { EmailChangeInput, PasswordChangeInput, PasswordResetInput, PasswordResetRequestInput } from "@/lib/validation/account";

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (input: PasswordResetRequestInput) => apiFetch<{ ok: true; message: string }>("/api/account/password-reset", { method: "POST", body: input }),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (input: PasswordResetInput) => apiFetch<{ ok: true }>("/api/account/password-reset/confirm", { method: "POST", body: input }),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: PasswordChangeInput) => apiFetch<{ ok: true }>("/api/account/password", { method: "PUT", body: input }),
  });
}

export function useChangeEmail() {
  return useMutation({
    mutationFn: (input: EmailChangeInput) => apiFetch<{ ok: true; pendingEmail: string }>("/api/account/email", { method: "POST", body: input }),
  });
}

export function useConfirmEmailChange() {
  return useMutation({
    mutationFn: (token: string) => apiFetch<{ email: string }>("/api/account/email/confirm", { method: "POST", body: { token } }),
  });
}

export function useSignOutOtherSessions() {
  return useMutation({
    mutationFn: () => apiFetch<{ ok: true }>("/api/account/sessions", { method: "DELETE" }),
  });
}
