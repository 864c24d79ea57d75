// The app registration's client secrets ("Get application", v1.0): GET /applications(appId='{appId}')
// ?$select=passwordCredentials. Least privileged application permission: Application.Read.All. Graph
// gives each secret's keyId, displayName, hint (its first three characters) and dates, never its value.
import type { Gateway } from './index';

export interface PasswordCredential {
  keyId: string | null;
  displayName: string | null;
  hint: string | null;
  startDateTime: string | null;
  endDateTime: string | null;
}

export async function readPasswordCredentials(gateway: Pick<Gateway, 'request'>, clientId: string): Promise<PasswordCredential[]> {
  const app = await gateway.request<{ passwordCredentials?: Array<Partial<PasswordCredential>> }>({
    method: 'GET',
    url: `/applications(appId='${encodeURIComponent(clientId.trim())}')?$select=passwordCredentials`,
  });
  return (app.passwordCredentials ?? []).map((c) => ({
    keyId: c.keyId ?? null,
    displayName: c.displayName ?? null,
    hint: c.hint ?? null,
    startDateTime: c.startDateTime ?? null,
    endDateTime: c.endDateTime ?? null,
  }));
}
