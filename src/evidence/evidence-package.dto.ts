import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsUUID,
  Max,
  Min,
} from 'class-validator';
import { PACKAGE_LANGUAGES, PackageLanguage } from './package-manifest';

/** The largest number of files one package holds. */
export const PACKAGE_MAX_FILES = 50;

export class CreateEvidencePackageDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: PACKAGE_MAX_FILES,
    uniqueItems: true,
    description: 'Verified footage linked to the incident, in the order the package lists it',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PACKAGE_MAX_FILES)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  footageIds: string[];

  @ApiProperty({
    enum: PACKAGE_LANGUAGES,
    description: 'Language of custody-report.pdf and README.txt',
  })
  @IsIn(PACKAGE_LANGUAGES)
  language: PackageLanguage;
}

/** Seven days at most: a link someone without an account holds should not live long. */
export class ShareEvidencePackageDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 168 })
  @IsInt()
  @Min(1)
  @Max(168)
  expiresInHours: number;
}
