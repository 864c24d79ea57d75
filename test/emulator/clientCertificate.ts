// A self-signed client certificate, as an admin would upload to an app registration: what the
// certificate-credential tests sign their client assertions with.
import { X509Certificate, createHash, generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

/** PEM private key, SHA-256 thumbprint (x5t#S256) and PEM certificate, shaped as msal-node's clientCertificate. */
export interface ClientCertificate {
  privateKey: string;
  thumbprintSha256: string;
  x5c: string;
}

export function selfSignedClientCertificate(commonName: string): ClientCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }) as string);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86400_000);
  cert.setSubject([{ name: 'commonName', value: commonName }]);
  cert.setIssuer([{ name: 'commonName', value: commonName }]);
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  return { privateKey: keyPem, thumbprintSha256: createHash('sha256').update(new X509Certificate(certPem).raw).digest('hex'), x5c: certPem };
}
