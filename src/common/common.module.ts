import { Global, Module } from '@nestjs/common';
import { SecretBox } from './secret-box';

/** Shared helpers every process uses, provided once. */
@Global()
@Module({ providers: [SecretBox], exports: [SecretBox] })
export class CommonModule {}
