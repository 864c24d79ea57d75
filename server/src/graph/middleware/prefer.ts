import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { mergePreferHeader, withPreference } from '../prefer';

/** Adds a Prefer preference (e.g. IdType="ImmutableId") to every request, keeping the caller's. */
export class PreferMiddleware implements Middleware {
  private next?: Middleware;

  constructor(private readonly preference: string) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const options = (context.options ??= {});
    const headers = options.headers as unknown;
    if (headers instanceof Headers) headers.set('Prefer', withPreference(headers.get('Prefer') ?? undefined, this.preference));
    else if (!Array.isArray(headers)) options.headers = mergePreferHeader((headers as Record<string, string> | undefined) ?? {}, this.preference);
    await this.next!.execute(context);
  }
}
