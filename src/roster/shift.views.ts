import { ApiProperty } from '@nestjs/swagger';

/** A shift on a post's duty roster. */
export class ShiftView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ description: "The officer's name, for the post's own console" })
  officerName: string;
  @ApiProperty({ type: String, format: 'date-time' }) from: Date;
  @ApiProperty({ type: String, format: 'date-time' }) to: Date;
}

/** An active officer of the post, whom a shift may be given. */
export class OfficerView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fullName: string;
}
