import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { RECOVERY_CODE_PATTERN } from './recovery-codes';
import { TOTP_CODE_PATTERN } from './totp';

/** Six digits, or a recovery code: what may stand in the `code` of a sign-in or of turning MFA off. */
export const SIGN_IN_CODE = new RegExp(
  `${TOTP_CODE_PATTERN.source}|${RECOVERY_CODE_PATTERN.source}`,
  'i',
);
export const SIGN_IN_CODE_MESSAGE =
  'must be the 6-digit code of your authenticator app or a recovery code (xxxx-xxxx-xxxx)';

export class MfaConfirmDto {
  @ApiProperty({ example: '492039', description: 'The current code of the authenticator app' })
  @IsString()
  @MaxLength(16)
  @Matches(TOTP_CODE_PATTERN, { message: 'must be the 6-digit code of your authenticator app' })
  code: string;
}

export class MfaCodeDto {
  @ApiProperty({ example: '492039', description: 'A current code, or an unused recovery code' })
  @IsString()
  @MaxLength(32)
  @Matches(SIGN_IN_CODE, { message: SIGN_IN_CODE_MESSAGE })
  code: string;
}

export class MfaSetupView {
  @ApiProperty({
    example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    description: 'Base32, for typing in by hand',
  })
  secret: string;
  @ApiProperty({
    example:
      'otpauth://totp/MedGuard:nurse%40demo.medguard.kz?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=MedGuard',
    description: 'For the QR code (TOTP, RFC 6238: SHA-1, 6 digits, 30 s)',
  })
  otpauthUri: string;
}

export class RecoveryCodesView {
  @ApiProperty({
    type: [String],
    example: ['k7m2-x9qp-4hrt'],
    description: 'Ten single-use codes, shown this once; only their hashes are kept',
  })
  recoveryCodes: string[];
}
