// AES-256-GCM sealing of the client secret at rest. The key is derived (HKDF-SHA256) from the app's
// secrets, so a database dump alone does not reveal the secret. Sealed form:
//   v1.<keyId>.<iv>.<tag>.<ciphertext>   (base64url parts; keyId tells which key sealed it, for rotation)
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const SALT = 'strapi-plugin-microsoft-365';
const INFO = 'azure-client-secret';

export interface SecretKey {
  id: string;
  key: Buffer;
}

export class SecretKeyError extends Error {
  override name = 'SecretKeyError';
}

/** Derives the sealing key from key material (any non-empty string). */
export function deriveSecretKey(material: string): SecretKey {
  if (!material) throw new SecretKeyError('No key material to seal the client secret with');
  const key = Buffer.from(hkdfSync('sha256', material, SALT, INFO, 32));
  const id = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return { id, key };
}

export function seal(plain: string, key: SecretKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(`${VERSION}.${key.id}`));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, key.id, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (Buffer.isBuffer(part) ? part.toString('base64url') : part))
    .join('.');
}

/** The id of the key a sealed value was made with, or null when it is not a sealed value. */
export function sealedKeyId(sealed: string): string | null {
  const parts = sealed.split('.');
  return parts.length === 5 && parts[0] === VERSION ? (parts[1] ?? null) : null;
}

/** Opens a sealed value with whichever of the keys sealed it. */
export function open(sealed: string, keys: SecretKey[]): string {
  const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || !keyId || !iv || !tag || ciphertext === undefined) {
    throw new SecretKeyError('The stored client secret is not in a known sealed format');
  }
  const key = keys.find((candidate) => candidate.id === keyId);
  if (!key) {
    throw new SecretKeyError(
      'The stored client secret was sealed with a key this server does not have: restore the previous key in the plugin config (previousEncryptionKeys) or enter the secret again',
    );
  }
  const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(`${VERSION}.${keyId}`));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
