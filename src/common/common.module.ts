import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';
import { HostResolver } from './host-resolver';
import { SecretBox } from './secret-box';

/** Shared helpers every process uses, provided once. */
@Global()
@Module({
  providers: [SecretBox, Clock, HostResolver],
  exports: [SecretBox, Clock, HostResolver],
})
export class CommonModule {}
