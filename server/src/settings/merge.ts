import { isPlainObject } from '../../../shared/settings-validation';
import { WELL_KNOWN_FOLDERS } from '../../../shared/settings-validation';
import type { Settings, SettingsPatch } from '../../../shared/settings';

/**
 * Deep-merges a validated patch into settings: objects merge key by key, arrays and scalars replace.
 * The write-only / read-only secret fields are left to the caller.
 */
export function mergeSettings(current: Settings, patch: SettingsPatch): Settings {
  return deepMerge(current as unknown as Record<string, unknown>, normalize(patch)) as unknown as Settings;
}

/** Objects merge key by key; arrays, scalars and null replace; undefined is skipped. */
export function deepMerge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const existing = merged[key];
    merged[key] = isPlainObject(value) && isPlainObject(existing) ? deepMerge(existing, value) : value;
  }
  return merged;
}

/** Trims identifiers and lower-cases well-known folder names, and drops the secret fields. */
function normalize(patch: SettingsPatch): Record<string, unknown> {
  const copy = structuredClone(patch) as SettingsPatch;
  if (copy.azure) {
    delete copy.azure.clientSecret;
    delete copy.azure.clientSecretSet;
    if (typeof copy.azure.tenantId === 'string') copy.azure.tenantId = copy.azure.tenantId.trim();
    if (typeof copy.azure.clientId === 'string') copy.azure.clientId = copy.azure.clientId.trim().toLowerCase();
  }
  if (copy.email?.folders) {
    copy.email.folders = copy.email.folders.map((folder) => {
      const name = folder.trim();
      return (WELL_KNOWN_FOLDERS as readonly string[]).includes(name.toLowerCase()) ? name.toLowerCase() : name;
    });
  }
  return copy as Record<string, unknown>;
}
