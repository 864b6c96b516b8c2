import { generateKeyPairSync } from 'node:crypto';
import { parseEvidenceKey } from './evidence-key';

const pem = (type: 'ed25519' | 'ed448') =>
  generateKeyPairSync(type as 'ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

describe('evidence signing key', () => {
  it('is off when unset', () => expect(parseEvidenceKey(undefined)).toBeNull());

  it.each([
    ['a PEM with line breaks', pem('ed25519')],
    ['a PEM on one line with \\n escapes', pem('ed25519').replace(/\n/g, '\\n')],
  ])('reads %s and publishes its public half', (_name, value) => {
    const key = parseEvidenceKey(value)!;
    expect(key.privateKey.asymmetricKeyType).toBe('ed25519');
    expect(key.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });

  it.each([
    ['not a PEM', 'secret', 'must be a PKCS#8 PEM private key'],
    ['a broken PEM', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----', 'readable'],
    ['an RSA key', rsa, 'must be an Ed25519 key, got rsa'],
    ['an Ed448 key', pem('ed448'), 'must be an Ed25519 key, got ed448'],
  ])('refuses %s', (_name, value, problem) => {
    expect(() => parseEvidenceKey(value)).toThrow(problem);
  });
});
