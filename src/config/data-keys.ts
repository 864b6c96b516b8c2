/**
 * The keyring personal data is encrypted under: `id:base64key[,id:base64key...]`. The first key
 * encrypts; every key listed decrypts, so a new key is added in front, `keys:rotate` moves every
 * value onto it, and only then is the old one dropped.
 */
export interface DataKeyring {
  /** The id of the key new values are encrypted under. */
  readonly current: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
export const KEY_BYTES = 32;

/** Throws the problem in words that never repeat key material. */
export function parseDataKeys(value: string | undefined): DataKeyring {
  if (value === undefined || value.trim() === '')
    throw new Error(
      `is required but not set (id:base64key[,id:base64key...], keys of ${KEY_BYTES} bytes)`,
    );
  const keys = new Map<string, Buffer>();
  value.split(',').forEach((entry, i) => {
    const at = entry.indexOf(':');
    if (at < 0) throw new Error(`entry ${i + 1} must be id:base64key`);
    const id = entry.slice(0, at).trim();
    const material = entry.slice(at + 1).trim();
    if (!KEY_ID.test(id))
      throw new Error(`entry ${i + 1} has an invalid key id (1 to 16 of A-Z a-z 0-9 _ -)`);
    if (keys.has(id)) throw new Error(`key id "${id}" appears twice`);
    const key = BASE64.test(material) ? Buffer.from(material, 'base64') : Buffer.alloc(0);
    if (key.length !== KEY_BYTES)
      throw new Error(
        `key "${id}" must be ${KEY_BYTES} bytes in base64, got ${key.length} bytes (openssl rand -base64 32)`,
      );
    keys.set(id, key);
  });
  return { current: [...keys.keys()][0], keys };
}
