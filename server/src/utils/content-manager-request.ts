// The admin user's ability when the current request is a Content Manager write; null for anything else
// (the sync, other plugins, the plugin's own routes), which write on their own terms.
import type { Strapi } from './strapi';

export interface UserAbility {
  can(action: string, subject?: unknown): boolean;
}

interface AdminRequest {
  state?: { userAbility?: UserAbility };
  request?: { path?: string };
}

export function contentManagerAbility(strapi: Strapi): UserAbility | null {
  const request = strapi.requestContext.get() as AdminRequest | undefined;
  const ability = request?.state?.userAbility;
  if (!ability || !String(request?.request?.path ?? '').startsWith('/content-manager/')) return null;
  return ability;
}
