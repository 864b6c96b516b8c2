import { Module } from '@nestjs/common';
import { AlertsWorkerModule } from '../alerts/alerts.module';
import { SmsAlertProcessor } from './sms-alert.processor';
import { SmsAttempts } from './sms-attempts.repository';
import { SmppSession } from './smpp-session';
import { SmsSweeper } from './sms-sweeper.service';

/** Texts to the officers on duty over SMPP, in the worker. */
@Module({
  imports: [AlertsWorkerModule],
  providers: [SmppSession, SmsAttempts, SmsAlertProcessor, SmsSweeper],
})
export class SmsWorkerModule {}
