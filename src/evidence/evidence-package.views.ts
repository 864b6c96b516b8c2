import { ApiProperty } from '@nestjs/swagger';
import { PACKAGE_LANGUAGES, PackageLanguage } from './package-manifest';

export type PackageStatus = 'building' | 'ready' | 'failed';
const MOMENT = { type: 'string', format: 'date-time' } as const;

export class EvidencePackageView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) incidentId: string;
  @ApiProperty({
    enum: ['building', 'ready', 'failed'],
    description:
      'building: the worker is making the ZIP; ready: it is in the bucket; failed: it could not be made',
  })
  status: PackageStatus;
  @ApiProperty({ enum: PACKAGE_LANGUAGES }) language: PackageLanguage;
  @ApiProperty({ type: [String], format: 'uuid', description: 'The footage it holds, in order' })
  footageIds: string[];
  @ApiProperty({
    type: 'string',
    nullable: true,
    pattern: '^[0-9a-f]{64}$',
    description: 'SHA-256 of the ZIP, hex; null until it is ready',
  })
  sha256: string | null;
  @ApiProperty({ type: 'integer', nullable: true, minimum: 0, description: 'Bytes of the ZIP' })
  size: number | null;
  @ApiProperty(MOMENT) createdAt: Date;
  @ApiProperty({ ...MOMENT, nullable: true }) readyAt: Date | null;
}

export class PackageRequestedView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['building'] }) status: 'building';
}

export class ShareLinkView {
  @ApiProperty({
    format: 'uri',
    description:
      'Shown once: only its SHA-256 is kept. Anyone holding it may download the package until it expires or is revoked',
  })
  url: string;
  @ApiProperty(MOMENT) expiresAt: Date;
}

export class PublicKeyView {
  @ApiProperty({ enum: ['Ed25519'] }) algorithm: 'Ed25519';
  @ApiProperty({ description: 'SPKI PEM; manifest.json.sig verifies with it' })
  publicKeyPem: string;
}
