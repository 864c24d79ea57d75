import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { TokenProvider } from '../token-provider';
import { setHeader, urlOf } from './context';

/**
 * Adds the app-only bearer token, but only for our Graph origin: a nextLink or Location pointing at
 * any other host never receives the token. (The SDK's AuthenticationHandler appends the header on
 * every retry, producing "Bearer a, Bearer b", which is why we set it ourselves.)
 */
export class AuthMiddleware implements Middleware {
  private next?: Middleware;

  constructor(
    private readonly tokens: TokenProvider,
    private readonly graphOrigin: string,
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    if (originOf(urlOf(context)) === this.graphOrigin) {
      setHeader(context, 'Authorization', `Bearer ${await this.tokens.getAccessToken()}`);
    } else {
      setHeader(context, 'Authorization', undefined);
    }
    await this.next!.execute(context);
  }
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
