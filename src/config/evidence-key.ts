import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';

/** The deployment's evidence key: packages' manifests are signed with it, its public half is published. */
export interface EvidenceKey {
  privateKey: KeyObject;
  /** SPKI PEM of the public key, as `GET /api/v1/evidence-packages/public-key` publishes it. */
  publicKeyPem: string;
}

const GENERATE = '(openssl genpkey -algorithm ed25519)';

/**
 * An Ed25519 private key in PKCS#8 PEM; `\n` escapes stand for line breaks, so the key fits on one
 * line of an .env file. Unset: evidence packages are off. Throws the problem for the config reader.
 */
export function parseEvidenceKey(value: string | undefined): EvidenceKey | null {
  if (value === undefined) return null;
  const pem = value.replace(/\\n/g, '\n').trim();
  if (!pem.startsWith('-----BEGIN PRIVATE KEY-----'))
    throw new Error(`must be a PKCS#8 PEM private key ${GENERATE}`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new Error(`must be a readable PKCS#8 PEM private key ${GENERATE}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(
      `must be an Ed25519 key, got ${privateKey.asymmetricKeyType ?? 'another kind'} ${GENERATE}`,
    );
  const publicKeyPem = createPublicKey(privateKey)
    .export({ type: 'spki', format: 'pem' })
    .toString();
  return { privateKey, publicKeyPem };
}
