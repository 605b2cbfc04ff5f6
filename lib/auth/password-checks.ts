// A bound on scrypt password checks running at once: they share libuv's 4 threads with file and DNS I/O,
// so a flood of sign-ins could starve everyone. Past the bound a check waits briefly, then gets 429 with Retry-After.
// Choice: 2 at once (2 cores), 8 waiting; refusals say "busy" and are not counted against the account.
import { ApiError } from "@/lib/errors";
import { verifyPassword } from "./password";

export const PASSWORD_CHECKS = { concurrent: 2, queued: 8, retryAfterSeconds: 1 } as const;

/** A counting semaphore with a bounded queue; `tryAcquire` answers null when both are full. */
export class Slots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly concurrent: number,
    readonly queued: number,
  ) {}

  get inUse(): number {
    return this.running;
  }

  /** A promise of a release function, or null at once when every slot and queue place is taken. */
  tryAcquire(): Promise<() => void> | null {
    if (this.running < this.concurrent) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.queued) return null;
    return new Promise((resolve) => this.waiting.push(() => resolve(this.releaser())));
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next(); // the slot passes straight to the next in line
      else this.running--;
    };
  }
}

// One per process, shared by every password check (sign-in, withdrawal confirmation).
export const passwordSlots = new Slots(PASSWORD_CHECKS.concurrent, PASSWORD_CHECKS.queued);

/** verifyPassword within the bound: 429 `rate_limited` with Retry-After when too many are running. */
export async function checkPassword(password: string, stored: string): Promise<boolean> {
  const acquired = passwordSlots.tryAcquire();
  if (!acquired) {
    throw new ApiError("rate_limited", "Too many sign-ins are being checked right now. Try again in a moment.", {
      retryAfterSeconds: PASSWORD_CHECKS.retryAfterSeconds,
    });
  }
  const release = await acquired;
  try {
    return await verifyPassword(password, stored);
  } finally {
    release();
  }
}
