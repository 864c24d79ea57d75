import type { Client } from '@microsoft/microsoft-graph-client';
import { createGateway, type Gateway, type GatewayOptions, type RequestCounter } from '../graph';
import { pluginConfig, pluginService, type Strapi } from '../utils/strapi';
import type { Settings } from '../../../shared/settings';

/** Unsaved form values for the connection test: the saved secret is used when none is given. */
export type AzureOverrides = Partial<Pick<Settings['azure'], 'tenantId' | 'clientId' | 'cloud'>> & { clientSecret?: string | null };

export default ({ strapi }: { strapi: Strapi }) => {
  const logger = {
    debug: (message: string) => strapi.log.debug(`[microsoft-365] ${message}`),
    info: (message: string) => strapi.log.info(`[microsoft-365] ${message}`),
    warn: (message: string) => strapi.log.warn(`[microsoft-365] ${message}`),
    error: (message: string) => strapi.log.error(`[microsoft-365] ${message}`),
  };

  /** Gateway options from the saved settings (secret opened here only) and the plugin config. */
  async function gatewayOptions(overrides: AzureOverrides = {}): Promise<GatewayOptions> {
    const saved = await pluginService(strapi, 'settings').getCredentials();
    const config = pluginConfig(strapi);
    return {
      tenantId: overrides.tenantId ?? saved.tenantId,
      clientId: overrides.clientId ?? saved.clientId,
      clientSecret: overrides.clientSecret ?? saved.clientSecret ?? undefined,
      cloud: overrides.cloud ?? saved.cloud,
      authorityHost: config.authorityHost,
      graphBaseUrl: config.graphBaseUrl,
      maxConcurrentPerMailbox: config.maxConcurrentPerMailbox,
      maxConcurrent: config.maxConcurrent,
      maxRetries: config.maxRetries,
      maxRetryDelayMs: config.maxRetryDelayMs,
      requestTimeoutMs: config.requestTimeoutMs,
      logger,
    };
  }

  return {
    gatewayOptions,

    /** The gateway on the saved settings: tokens and limiter are shared per app across calls. */
    async getGateway(): Promise<Gateway> {
      return createGateway(await gatewayOptions());
    },

    /** An app-only Graph SDK client with the plugin's limiter, throttling and retry (README "Talking to Microsoft"). */
    async getClient(counter?: RequestCounter): Promise<Client> {
      return createGateway(await gatewayOptions()).getClient(counter);
    },

    /** An app-only access token for Graph (README "Talking to Microsoft"). */
    async getAccessToken(): Promise<string> {
      return createGateway(await gatewayOptions()).getAccessToken();
    },
  };
};
