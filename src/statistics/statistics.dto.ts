import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { Locale, LOCALES } from '../auth/roles';
import { Grouping, GROUPINGS } from './statistics.service';

/** The months the figures can be asked for: YYYY-MM from 2000-01 to 2100-12 (see Month.parse). */
const MONTH = /^(20\d\d|2100)-(0[1-9]|1[0-2])$/;
const MONTH_MESSAGE = { message: 'must be a month as YYYY-MM, from 2000-01 to 2100-12' };

class LanguageQuery {
  @ApiPropertyOptional({ enum: LOCALES, description: "Labels' language; else the user's setting" })
  @IsOptional()
  @IsIn(LOCALES)
  lang?: Locale;
}

export class MonthlyQuery extends LanguageQuery {
  @ApiProperty({ example: '2026-03', pattern: MONTH.source })
  @Matches(MONTH, MONTH_MESSAGE)
  month: string;
  @ApiPropertyOptional({ enum: GROUPINGS, default: 'region' })
  @IsOptional()
  @IsIn(GROUPINGS)
  groupBy?: Grouping;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') regionId?: string;
}

export class TrendQuery extends LanguageQuery {
  @ApiProperty({ example: '2025-04', pattern: MONTH.source })
  @Matches(MONTH, MONTH_MESSAGE)
  from: string;
  @ApiProperty({ example: '2026-03', pattern: MONTH.source })
  @Matches(MONTH, MONTH_MESSAGE)
  to: string;
  @ApiPropertyOptional({ enum: GROUPINGS, description: 'Without it, one series of totals' })
  @IsOptional()
  @IsIn(GROUPINGS)
  groupBy?: Grouping;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') regionId?: string;
}

export class MonthQuery extends LanguageQuery {
  @ApiProperty({ example: '2026-03', pattern: MONTH.source })
  @Matches(MONTH, MONTH_MESSAGE)
  month: string;
}

export class CoverageQuery extends LanguageQuery {
  @ApiPropertyOptional({
    example: '2025-04',
    pattern: MONTH.source,
    description: 'Default: 11 months before `to`',
  })
  @IsOptional()
  @Matches(MONTH, MONTH_MESSAGE)
  from?: string;
  @ApiPropertyOptional({
    example: '2026-03',
    pattern: MONTH.source,
    description: 'Default: the current month',
  })
  @IsOptional()
  @Matches(MONTH, MONTH_MESSAGE)
  to?: string;
}
