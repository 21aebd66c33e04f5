/**
 * Computations in flight by key (decisions 1811, 1830): a caller asking for one that is being
 * computed awaits that computation instead of starting its own. Nothing is kept once it settles:
 * the next caller computes again from the state it finds, so a change is never hidden by a cache;
 * a caller that joined sees what it would have seen had it arrived a moment sooner. A failure is
 * shared by the callers that joined it. The key must hold everything the answer depends on (the
 * caller's scope included): callers are checked before they share.
 */
export class InFlight<T> {
  private readonly running = new Map<string, Promise<T>>();
  /** How many computations were started rather than shared (read by tests). */
  computed = 0;

  share(key: string, compute: () => Promise<T>): Promise<T> {
    const pending = this.running.get(key);
    if (pending !== undefined) {
      return pending;
    }
    this.computed += 1;
    const started = compute();
    this.running.set(key, started);
    const forget = () => {
      if (this.running.get(key) === started) {
        this.running.delete(key);
      }
    };
    started.then(forget, forget);
    return started;
  }
}
