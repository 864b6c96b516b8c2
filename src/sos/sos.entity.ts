import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const SOS_STATUSES = ['open', 'attached', 'closed'] as const;
export type SosStatus = (typeof SOS_STATUSES)[number];
export const LOCATION_SOURCES = ['device', 'facility'] as const;
export type LocationSource = (typeof LOCATION_SOURCES)[number];

/** One tap from a member of staff in danger, before (and until) a report says what happened. */
@Entity('sos')
export class Sos {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Human reference, SOS-NNNNNN. */
  @Column('text')
  reference: string;

  @Column('uuid')
  facilityId: string;

  @Column('uuid', { nullable: true })
  unitId: string | null;

  @Column('uuid')
  reporterId: string;

  /** Where an officer looks for the sender: from the unit's kind (an ambulance team: on a call). */
  @Column('text')
  placeKind: string;

  /**
   * Where it was sent from, encrypted (FieldCipher): latitude, longitude, accuracy in metres;
   * null once erased with the personal data of the report it attached to.
   */
  @Column('bytea', { nullable: true })
  lat: Buffer | null;

  @Column('bytea', { nullable: true })
  lon: Buffer | null;

  @Column('bytea', { nullable: true })
  accuracyM: Buffer | null;

  @Column('text')
  locationSource: LocationSource;

  @Column('text')
  status: SosStatus;

  /** The report that attached to it. */
  @Column('uuid', { nullable: true })
  incidentId: string | null;

  @Column('timestamptz', { nullable: true })
  attachedAt: Date | null;

  @Column('text', { nullable: true })
  closeReason: string | null;

  @Column('uuid', { nullable: true })
  closedBy: string | null;

  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  @Column('timestamptz')
  createdAt: Date;
}
