// Sign-up, invitations and the first admin (R16.1): what the forms send. The password's strength is the
// service's to judge (lib/auth/password-policy.ts); here only its presence and size.
import { z } from "zod";
import { text } from "./text";

// Choice: 254 characters at most, the longest address SMTP can deliver (RFC 5321 with RFC 3696's erratum).
export const accountEmail = text("Enter your email address.")
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address.")
  .max(254, "Use at most 254 characters for the email address.")
  .email("Enter a valid email address, like name@example.com.");

const newPassword = text("Choose a password.").min(1, "Choose a password.").max(1024, "Use at most 1,024 characters.");
const personName = text("Enter your name.").trim().min(1, "Enter your name.").max(100, "Use at most 100 characters.");
const linkToken = text("The link is incomplete.").min(1, "The link is incomplete.").max(200, "The link is not valid.");

export const signUpSchema = z.object({ name: personName, email: accountEmail, password: newPassword });
export type SignUpInput = z.infer<typeof signUpSchema>;

export const acceptInvitationSchema = z.object({ token: linkToken, name: personName, password: newPassword });
export type AcceptInvitationInput = z.infer<typeof acceptInvitationSchema>;

export const setupAdminSchema = z.object({ token: linkToken, name: personName, email: accountEmail, password: newPassword });
export type SetupAdminInput = z.infer<typeof setupAdminSchema>;

export const INVITABLE_ROLES = ["FREELANCER", "CLIENT", "ADMIN"] as const;
export const adminInvitationSchema = z.object({
  email: accountEmail,
  name: personName.optional(),
  role: z.enum(INVITABLE_ROLES, { error: "Choose the role: freelancer, client or admin." }),
});
export type AdminInvitationInput = z.infer<typeof adminInvitationSchema>;
