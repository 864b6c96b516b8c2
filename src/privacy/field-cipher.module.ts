import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { FieldCipher } from './field-cipher';

/** The field cipher under the configured keyring, for every feature that stores personal data. */
@Global()
@Module({
  providers: [
    {
      provide: FieldCipher,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new FieldCipher(config.dataKeys),
    },
  ],
  exports: [FieldCipher],
})
export class FieldCipherModule {}
