// Route table: path templates like /v1.0/users/{user}/events/{id} matched case-insensitively, as Graph does.
import type { EmRequest } from './http';

/** H is whatever the owner attaches to a route (a handler, or a handler plus its requirements). */
export interface Route<H> {
  method: string;
  template: string;
  handler: H;
  regex: RegExp;
  names: string[];
}

export interface RouteMatch<H> {
  route: Route<H>;
  params: Record<string, string>;
}

export class Router<H> {
  private readonly routes: Route<H>[] = [];

  add(method: string, template: string, handler: H): this {
    const names: string[] = [];
    const source = template
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const m = /^\{([^}]+)\}$/.exec(part);
        if (m) {
          names.push(m[1]);
          return '([^/]+)';
        }
        return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      })
      .join('');
    this.routes.push({ method, template, handler, regex: new RegExp(`^${source}/?$`, 'i'), names });
    return this;
  }

  /** Every route, in the order added. */
  list(): ReadonlyArray<Route<H>> {
    return this.routes;
  }

  /** Finds the route; `methodMismatch` tells a 405 from a 404. */
  match(req: Pick<EmRequest, 'method' | 'path'>): { found?: RouteMatch<H>; methodMismatch: boolean } {
    let methodMismatch = false;
    for (const route of this.routes) {
      const m = route.regex.exec(req.path);
      if (!m) continue;
      if (route.method !== req.method) {
        methodMismatch = true;
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
      return { found: { route, params }, methodMismatch: false };
    }
    return { methodMismatch };
  }
}
