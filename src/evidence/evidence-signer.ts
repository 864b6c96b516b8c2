import { Injectable } from '@nestjs/common';
import { sign } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { AppError, ErrorCode } from '../common/app-error';
import type { EvidenceKey } from '../config/evidence-key';

/** The deployment's evidence key (EVIDENCE_SIGNING_KEY): signs manifests, publishes its public half. */
@Injectable()
export class EvidenceSigner {
  private readonly key: EvidenceKey | null;

  constructor(config: AppConfig) {
    this.key = config.evidenceKey;
  }

  /** 503 while no key is configured: a package nobody can verify is not evidence. */
  private required(): EvidenceKey {
    if (!this.key)
      throw new AppError(
        ErrorCode.ServiceUnavailable,
        'Evidence packages are off: this deployment has no EVIDENCE_SIGNING_KEY',
      );
    return this.key;
  }

  /** Refuses early (503) when packages cannot be signed. */
  assertAvailable(): void {
    this.required();
  }

  get publicKeyPem(): string {
    return this.required().publicKeyPem;
  }

  /** The raw Ed25519 signature of exactly these bytes (RFC 8032; Node's crypto takes no digest for it). */
  sign(bytes: Buffer): Buffer {
    return sign(null, bytes, this.required().privateKey);
  }
}
