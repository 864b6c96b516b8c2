import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Locale } from '../auth/roles';
import { Named } from './pages.repository';

/** What the operator console's pages need in their first answer: the names their choices list. */
@Injectable()
export class AdminPagesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every region in the page's language with its number of facilities. */
  async regions(locale: Locale): Promise<Array<Named & { facilities: number }>> {
    return (await this.dataSource.query(
      `SELECT r.id, r.name_${locale} AS name, count(f.id)::int AS facilities
         FROM regions r LEFT JOIN facilities f ON f.region_id = r.id
        GROUP BY r.id ORDER BY 2`,
    )) as Array<Named & { facilities: number }>;
  }

  /** Every police post and duty desk by name. */
  async posts(): Promise<Named[]> {
    return (await this.dataSource.query(
      `SELECT id, name FROM police_posts ORDER BY name`,
    )) as Named[];
  }
}
