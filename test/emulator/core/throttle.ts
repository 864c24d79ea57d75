// Outlook's per-app-per-mailbox concurrency limit: the 5th simultaneous request gets 429 MailboxConcurrency.

export class MailboxConcurrency {
  private readonly inFlight = new Map<string, number>();

  constructor(public limit: number) {}

  /** Takes a slot, or returns undefined when the mailbox is at its limit. */
  tryAcquire(key: string): (() => void) | undefined {
    const n = this.inFlight.get(key) ?? 0;
    if (n >= this.limit) return undefined;
    this.inFlight.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left <= 0) this.inFlight.delete(key);
      else this.inFlight.set(key, left);
    };
  }
}
