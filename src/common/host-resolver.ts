import { Injectable } from '@nestjs/common';
import { lookup } from 'node:dns/promises';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * The operating system's resolver. Outbound connections to operator-given hosts ask this one
 * seam which addresses a name has, so a test can stand in for DNS answers that change.
 */
@Injectable()
export class HostResolver {
  async lookup(hostname: string): Promise<ResolvedAddress[]> {
    const answers = await lookup(hostname, { all: true });
    return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  }
}
