import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { assertGraphLink } from '../delta-pager';
import { urlOf } from './context';

/**
 * First in the chain: a request to any origin but Graph's is refused before it is sent (a nextLink
 * followed by the SDK's PageIterator, a link another plugin passes to getClient().api()), so nothing
 * from another host is ever read as Graph's answer.
 */
export class OriginGuardMiddleware implements Middleware {
  private next?: Middleware;

  constructor(private readonly graphOrigin: string) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    assertGraphLink(urlOf(context), this.graphOrigin);
    await this.next!.execute(context);
  }
}
