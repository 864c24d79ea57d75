// Minimal JWS (compact) signing and verification with node:crypto: the emulator issues RS256 access
// tokens like Azure AD and reads client assertions (RS256 / PS256) the way the token endpoint does.
import { createHash, generateKeyPairSync, sign, verify, constants, KeyObject, X509Certificate } from 'node:crypto';

export interface JwtParts {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

export function decodeJwt(token: string): JwtParts | undefined {
  const pieces = token.split('.');
  if (pieces.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(pieces[0], 'base64url').toString('utf8'));
    const payload = JSON.parse(Buffer.from(pieces[1], 'base64url').toString('utf8'));
    if (typeof header !== 'object' || typeof payload !== 'object' || !header || !payload) return undefined;
    return { header, payload, signingInput: `${pieces[0]}.${pieces[1]}`, signature: Buffer.from(pieces[2], 'base64url') };
  } catch {
    return undefined;
  }
}

export class TokenSigner {
  readonly kid: string;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.kid = createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('base64url').slice(0, 27);
  }

  sign(payload: Record<string, unknown>): string {
    const header = { typ: 'JWT', alg: 'RS256', x5t: this.kid, kid: this.kid };
    const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    const signature = sign('sha256', Buffer.from(input), this.privateKey);
    return `${input}.${signature.toString('base64url')}`;
  }

  /** Claims when the signature is ours; undefined otherwise (expiry is the caller's check). */
  verify(token: string): Record<string, unknown> | undefined {
    const parts = decodeJwt(token);
    if (!parts || parts.header.alg !== 'RS256') return undefined;
    const ok = verify('sha256', Buffer.from(parts.signingInput), this.publicKey, parts.signature);
    return ok ? parts.payload : undefined;
  }

  jwks(): { keys: Array<Record<string, unknown>> } {
    const jwk = this.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
    return { keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, x5t: this.kid, n: jwk.n, e: jwk.e }] };
  }
}

/** Checks a client assertion's signature against the x5c chain it carries (when present). */
export function verifyAssertionSignature(parts: JwtParts): boolean | undefined {
  const x5c = parts.header.x5c;
  const first = Array.isArray(x5c) ? x5c[0] : typeof x5c === 'string' ? x5c.split(/\s*,\s*/)[0] : undefined;
  if (typeof first !== 'string') return undefined;
  try {
    const pem = first.includes('BEGIN CERTIFICATE') ? first : `-----BEGIN CERTIFICATE-----\n${first}\n-----END CERTIFICATE-----`;
    const key = new X509Certificate(pem).publicKey;
    const data = Buffer.from(parts.signingInput);
    if (parts.header.alg === 'PS256') {
      return verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, parts.signature);
    }
    if (parts.header.alg === 'RS256') return verify('sha256', data, key, parts.signature);
    return false;
  } catch {
    return false;
  }
}

/** Normalises a thumbprint given as hex (with or without colons) or base64url to lower-case hex. */
export function thumbprintHex(value: string): string {
  const compact = value.replace(/[:\s]/g, '');
  if (/^[0-9a-f]+$/i.test(compact) && (compact.length === 40 || compact.length === 64)) return compact.toLowerCase();
  return Buffer.from(compact, 'base64url').toString('hex');
}
