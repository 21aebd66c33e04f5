/** Waits until `check` holds, polling; fails with `what` after the deadline (readiness, not a fixed sleep). */
export async function until(what: string, check: () => boolean | Promise<boolean>, deadlineMs = 60_000, pollMs = 25): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) {
      throw new Error(`timed out waiting for: ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
