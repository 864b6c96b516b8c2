import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataKeyring } from '../config/data-keys';

/** Every column holding personal data encrypted, as `table.column`: bound into each value. */
export type SealedColumn =
  | 'incidents.narrative'
  | 'incidents.witnesses'
  | 'incidents.perpetrator_description'
  | 'incidents.place_address'
  | 'incidents.place_lat'
  | 'incidents.place_lon'
  | 'incident_victims.full_name'
  | 'incident_addenda.text'
  | 'incident_support.note'
  | 'sos.lat'
  | 'sos.lon'
  | 'sos.accuracy_m'
  | 'idempotency_keys.response_body';

/** A value the keyring cannot open: a missing key, another column's value, or damage. */
export class SealedValueError extends Error {}

const FORMAT = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for one field at a time. A value is
 * `[format 1][key id length][key id][iv 12][tag 16][ciphertext]`; the column's name is the
 * additional authenticated data, so a value copied into another column does not decrypt.
 */
export class FieldCipher {
  private readonly currentKey: Buffer;
  private readonly currentId: Buffer;

  constructor(private readonly keyring: DataKeyring) {
    this.currentKey = keyring.keys.get(keyring.current)!;
    this.currentId = Buffer.from(keyring.current, 'ascii');
  }

  get currentKeyId(): string {
    return this.keyring.current;
  }

  seal(column: SealedColumn, plain: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.currentKey, iv);
    cipher.setAAD(Buffer.from(column, 'ascii'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const head = Buffer.from([FORMAT, this.currentId.length]);
    return Buffer.concat([head, this.currentId, iv, cipher.getAuthTag(), body]);
  }

  sealNullable(column: SealedColumn, plain: string | null | undefined): Buffer | null {
    return plain === null || plain === undefined ? null : this.seal(column, plain);
  }

  /** Numbers as their shortest exact decimal form, which reads back to the same double. */
  sealNumber(column: SealedColumn, value: number): Buffer;
  sealNumber(column: SealedColumn, value: number | null | undefined): Buffer | null;
  sealNumber(column: SealedColumn, value: number | null | undefined): Buffer | null {
    return value === null || value === undefined ? null : this.seal(column, String(value));
  }

  open(column: SealedColumn, sealed: Buffer): string {
    const { keyId, iv, tag, body } = this.parts(column, sealed);
    const key = this.keyring.keys.get(keyId);
    if (!key)
      throw new SealedValueError(
        `${column} is encrypted under key "${keyId}", which DATA_ENCRYPTION_KEYS does not hold`,
      );
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(Buffer.from(column, 'ascii'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new SealedValueError(
        `${column} cannot be decrypted with key "${keyId}": the value is damaged or belongs to another column`,
      );
    }
  }

  openNullable(column: SealedColumn, sealed: Buffer | null): string | null {
    return sealed === null ? null : this.open(column, sealed);
  }

  openNumber(column: SealedColumn, sealed: Buffer): number;
  openNumber(column: SealedColumn, sealed: Buffer | null): number | null;
  openNumber(column: SealedColumn, sealed: Buffer | null): number | null {
    return sealed === null ? null : Number(this.open(column, sealed));
  }

  keyIdOf(sealed: Buffer): string {
    return this.parts('value', sealed).keyId;
  }

  /** Whether the value is already under the key new values get. */
  isCurrent(sealed: Buffer): boolean {
    const length = sealed[1];
    return (
      sealed[0] === FORMAT &&
      length === this.currentId.length &&
      sealed.subarray(2, 2 + length).equals(this.currentId)
    );
  }

  private parts(column: string, sealed: Buffer) {
    const idLength = sealed[1] ?? 0;
    const ivAt = 2 + idLength;
    if (sealed[0] !== FORMAT || idLength === 0 || sealed.length < ivAt + IV_BYTES + TAG_BYTES)
      throw new SealedValueError(`${column} is not an encrypted value`);
    return {
      keyId: sealed.subarray(2, ivAt).toString('ascii'),
      iv: sealed.subarray(ivAt, ivAt + IV_BYTES),
      tag: sealed.subarray(ivAt + IV_BYTES, ivAt + IV_BYTES + TAG_BYTES),
      body: sealed.subarray(ivAt + IV_BYTES + TAG_BYTES),
    };
  }
}
