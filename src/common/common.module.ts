import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { FieldCipher } from '../privacy/field-cipher';
import { Clock } from './clock';
import { HostResolver } from './host-resolver';
import { SecretBox } from './secret-box';

const fieldCipher = {
  provide: FieldCipher,
  inject: [AppConfig],
  useFactory: (config: AppConfig) => new FieldCipher(config.dataKeys),
};

/** Shared helpers every process uses, provided once. */
@Global()
@Module({
  providers: [SecretBox, Clock, HostResolver, fieldCipher],
  exports: [SecretBox, Clock, HostResolver, FieldCipher],
})
export class CommonModule {}
