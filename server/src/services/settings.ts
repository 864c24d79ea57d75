import { defaultSettings } from '../settings/defaults';
import { deepMerge, mergeSettings } from '../settings/merge';
import { deriveSecretKey, open, seal, sealedKeyId, type SecretKey } from '../settings/secret-box';
import type { PublicSettings, Settings, SettingsPatch } from '../../../shared/settings';
import { validateSettingsPatch } from '../../../shared/settings-validation';
import { pluginConfig, pluginService, type Strapi } from '../utils/strapi';
import { validationError } from '../utils/validation-error';
import { PLUGIN_ID } from '../../../shared/plugin';

/** What the plugin store holds: the settings without the plain secret, plus the sealed one. */
type StoredSettings = Settings & { azure: Settings['azure'] & { clientSecretSealed?: string } };

export interface AzureCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string | null;
  cloud: Settings['azure']['cloud'];
}

export default ({ strapi }: { strapi: Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: 'settings' });

  /** Current key first; previous ones only to open secrets sealed before a rotation. */
  function secretKeys(): SecretKey[] {
    const config = pluginConfig(strapi);
    const appKeys = strapi.config.get('server.app.keys') as string[] | undefined;
    const material =
      config.encryptionKey || (strapi.config.get('admin.secrets.encryptionKey') as string | undefined) || (appKeys ?? []).join(',');
    return [material, ...config.previousEncryptionKeys].filter(Boolean).map(deriveSecretKey);
  }

  async function readStored(): Promise<StoredSettings> {
    const stored = (await store().get({})) as Partial<StoredSettings> | null;
    // Stored values over defaults, so settings added in a later version get their default.
    return deepMerge(defaultSettings() as unknown as Record<string, unknown>, (stored ?? {}) as Record<string, unknown>) as unknown as StoredSettings;
  }

  function toPublic(stored: StoredSettings): PublicSettings {
    const { clientSecretSealed, ...azure } = stored.azure;
    return { ...stored, azure: { ...azure, clientSecretSet: Boolean(clientSecretSealed) } };
  }

  return {
    async get(): Promise<PublicSettings> {
      return toPublic(await readStored());
    },

    /** Validates and deep-merges a patch; a missing or null clientSecret keeps the stored one. */
    async update(patch: unknown): Promise<PublicSettings> {
      const issues = validateSettingsPatch(patch);
      if (issues.length > 0) throw validationError(issues);
      const typed = patch as SettingsPatch;
      const current = await readStored();
      const next = mergeSettings(current, typed) as StoredSettings;
      const secret = typed.azure?.clientSecret;
      if (typeof secret === 'string') {
        const [key] = secretKeys();
        if (!key) throw new Error('No key material to seal the client secret: set admin.secrets.encryptionKey or app keys');
        next.azure.clientSecretSealed = seal(secret, key);
      }
      await store().set({ value: next });
      // Integrations or mail folders switched on or off change what live updates subscribe to.
      pluginService(strapi, 'notifications').requestMaintain();
      return toPublic(next);
    },

    /** Seals another secret with the client secret's key (subscriptions' clientState). */
    sealSecret(plain: string): string {
      const [key] = secretKeys();
      if (!key) throw new Error('No key material to seal a secret: set admin.secrets.encryptionKey or app keys');
      return seal(plain, key);
    },

    /** Opens what sealSecret sealed; null when no key opens it (a key retired too soon). */
    openSecret(sealed: string): string | null {
      try {
        return open(sealed, secretKeys());
      } catch {
        return null;
      }
    },

    /** The credentials with the secret opened, for the Graph gateway only. Never log the result. */
    async getCredentials(): Promise<AzureCredentials> {
      const stored = await readStored();
      const sealed = stored.azure.clientSecretSealed;
      let clientSecret: string | null = null;
      if (sealed) {
        const keys = secretKeys();
        clientSecret = open(sealed, keys);
        if (keys[0] && sealedKeyId(sealed) !== keys[0].id) {
          // Sealed with a previous key: reseal with the current one, so the old key can be retired.
          stored.azure.clientSecretSealed = seal(clientSecret, keys[0]);
          await store().set({ value: stored });
        }
      }
      const { tenantId, clientId, cloud } = stored.azure;
      return { tenantId, clientId, clientSecret, cloud };
    },
  };
};
