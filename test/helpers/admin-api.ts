// A thin client for the admin API as the admin panel calls it: JSON bodies, a bearer token.
import type { Core } from '@strapi/strapi';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

export class AdminApi {
  constructor(
    readonly baseUrl: string,
    readonly token: string | null,
  ) {}

  async request<T = any>(method: string, urlPath: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const response = await fetch(this.baseUrl + urlPath, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  get<T = any>(urlPath: string) {
    return this.request<T>('GET', urlPath);
  }
  post<T = any>(urlPath: string, body?: unknown) {
    return this.request<T>('POST', urlPath, body ?? {});
  }
  put<T = any>(urlPath: string, body?: unknown) {
    return this.request<T>('PUT', urlPath, body ?? {});
  }
  delete<T = any>(urlPath: string) {
    return this.request<T>('DELETE', urlPath);
  }
}

export const SUPER_ADMIN = { firstname: 'Ada', lastname: 'Admin', email: 'ada@example.com', password: 'Str0ngPassw0rd!' };

/** Registers the first (super) admin and returns a client logged in as them. */
export async function registerSuperAdmin(baseUrl: string, admin = SUPER_ADMIN): Promise<AdminApi> {
  const response = await new AdminApi(baseUrl, null).post<{ data: { token: string } }>('/admin/register-admin', admin);
  if (response.status !== 200) throw new Error(`register-admin answered ${response.status}: ${JSON.stringify(response.body)}`);
  return new AdminApi(baseUrl, response.body.data.token);
}

export async function login(baseUrl: string, email: string, password: string): Promise<AdminApi> {
  const response = await new AdminApi(baseUrl, null).post<{ data: { token: string } }>('/admin/login', { email, password });
  if (response.status !== 200) throw new Error(`login answered ${response.status}: ${JSON.stringify(response.body)}`);
  return new AdminApi(baseUrl, response.body.data.token);
}

/** Creates a role holding exactly `actions`, a user in it, and logs them in. */
export async function adminWithActions(strapi: Core.Strapi, baseUrl: string, name: string, actions: string[]): Promise<AdminApi> {
  const role = await strapi.service('admin::role').create({ name: `${name} role`, description: `Test role: ${actions.join(', ') || 'nothing'}` });
  if (actions.length > 0) {
    await strapi.service('admin::role').assignPermissions(role.id, actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] })));
  }
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`;
  const password = 'An0therStr0ngOne!';
  await strapi.service('admin::user').create({ firstname: name, lastname: 'Tester', email, password, isActive: true, registrationToken: null, roles: [role.id] });
  return login(baseUrl, email, password);
}
