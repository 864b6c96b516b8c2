import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';
import { SecretBox } from './secret-box';

/** Shared helpers every process uses, provided once. */
@Global()
@Module({ providers: [SecretBox, Clock], exports: [SecretBox, Clock] })
export class CommonModule {}
