import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { timingSafeEqual } from 'node:crypto';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { Unit } from '../directory/unit.entity';
import { DeviceActor } from './roles';
import { newToken, sha256 } from './tokens';
import { UnitApiKey } from './unit-api-key.entity';

const KEY_FORMAT = /^mgk_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/;

/**
 * Per-unit keys for device gateways: `mgk_<prefix>_<secret>`. The prefix finds the row; only the
 * SHA-256 of the secret is stored (it is 256 random bits, so a slow KDF adds nothing).
 */
@Injectable()
export class ApiKeysService {
  constructor(@InjectRepository(UnitApiKey) private readonly keys: Repository<UnitApiKey>) {}

  async create(
    unitId: string,
    name: string,
    createdBy: string | null,
    m: EntityManager = this.keys.manager,
  ): Promise<{ key: UnitApiKey; secret: string }> {
    const prefix = newToken('x', 9).slice(2);
    const secretPart = newToken('x', 32).slice(2);
    const key = await m.save(
      m.create(UnitApiKey, { unitId, name, createdBy, prefix, secretHash: sha256(secretPart) }),
    );
    return { key, secret: `mgk_${prefix}_${secretPart}` };
  }

  async resolve(presented: string): Promise<DeviceActor | null> {
    const match = KEY_FORMAT.exec(presented);
    if (!match) return null;
    const row = await this.keys
      .createQueryBuilder('k')
      .addSelect('k.secretHash')
      .innerJoin(Unit, 'u', 'u.id = k.unit_id')
      .addSelect('u.facility_id', 'facility_id')
      .where('k.prefix = :prefix AND k.revoked_at IS NULL', { prefix: match[1] })
      .getRawAndEntities();
    const key = row.entities[0];
    if (!key || !timingSafeEqual(key.secretHash, sha256(match[2]))) return null;
    // Coarse last-use tracking without a write per request.
    if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 3600_000) {
      await this.keys.update(key.id, { lastUsedAt: new Date() });
    }
    const facilityId = (row.raw[0] as { facility_id: string }).facility_id;
    return { kind: 'device', unitId: key.unitId, facilityId, apiKeyId: key.id };
  }

  listFor(unitId: string): Promise<UnitApiKey[]> {
    return this.keys.find({ where: { unitId }, order: { createdAt: 'ASC' } });
  }

  async revoke(
    unitId: string,
    keyId: string,
    m: EntityManager = this.keys.manager,
  ): Promise<boolean> {
    const result = await m.update(
      UnitApiKey,
      { id: keyId, unitId, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    return (result.affected ?? 0) > 0;
  }
}
