import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { limiterWeights, type MailboxLimiter } from '../limiter';
import { urlOf } from './context';

/** Holds the mailbox and global slots for exactly one attempt, until its body has been read. */
export class LimitMiddleware implements Middleware {
  private next?: Middleware;

  constructor(private readonly limiter: MailboxLimiter) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const weights = limiterWeights(urlOf(context), context.options?.body, this.limiter.maxPerMailbox);
    const release = await this.limiter.acquire(weights);
    try {
      await this.next!.execute(context);
    } finally {
      release();
    }
  }
}
