import { z } from "zod";

export const signInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address.").max(254).email("Enter a valid email address, like name@example.com."),
  password: z.string().min(1, "Enter your password.").max(1024),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const trackerTokenCreateSchema = z.object({
  name: z.string().trim().min(1, "Give the token a name, such as the computer it is for.").max(80, "Use at most 80 characters."),
});
