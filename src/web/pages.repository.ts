import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Locale, UserActor } from '../auth/roles';
import { PageUser } from './pages';

export interface Named {
  id: string;
  name: string;
}

/** What the web pages read and the one setting they change: the signed-in user's language. */
@Injectable()
export class PagesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async setLocale(userId: string, locale: Locale): Promise<void> {
    await this.dataSource.query(`UPDATE users SET locale = $2, updated_at = now() WHERE id = $1`, [
      userId,
      locale,
    ]);
  }

  /** Who a page is for, as its header shows them: name (or e-mail) and role. */
  async pageUser(actor: UserActor): Promise<PageUser> {
    const [user] = (await this.dataSource.query(
      `SELECT full_name, email FROM users WHERE id = $1`,
      [actor.id],
    )) as Array<{ full_name: string; email: string }>;
    return { id: actor.id, role: actor.role, name: user?.full_name?.trim() || user?.email || '' };
  }

  /** The reporter's facility and its units, for the report form. */
  async facilityWithUnits(
    facilityId: string | null,
  ): Promise<{ facility: Named & { lat?: number; lon?: number }; units: Named[] }> {
    const [[facility], units] = (await Promise.all([
      this.dataSource.query(`SELECT id, name, lat, lon FROM facilities WHERE id = $1`, [
        facilityId,
      ]),
      this.dataSource.query(`SELECT id, name FROM units WHERE facility_id = $1 ORDER BY name`, [
        facilityId,
      ]),
    ])) as [Array<Named & { lat: number; lon: number }>, Named[]];
    return { facility, units };
  }

  /** Every region, named in the page's language and in its order. */
  async regions(locale: Locale): Promise<Named[]> {
    return (await this.dataSource.query(
      `SELECT id, name_${locale} AS name FROM regions ORDER BY 2`,
    )) as Named[];
  }

  /** Every facility by name, for an admin's choice of the facility to work on. */
  async facilities(): Promise<Named[]> {
    return (await this.dataSource.query(
      `SELECT id, name FROM facilities ORDER BY name`,
    )) as Named[];
  }
}
