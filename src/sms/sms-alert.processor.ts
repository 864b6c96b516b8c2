import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import { randomInt } from 'node:crypto';
import { AlertMetrics } from '../alerts/alert-metrics';
import { retryDelayMs } from '../alerts/escalation-policy';
import { AppConfig } from '../config/app-config';
import { OnJob, runJob } from '../jobs/job-handlers';
import { AlertJob, JobPayloads, QueueName } from '../jobs/queues';
import { shortAlertPath } from './alert-link';
import { alertSmsText } from './alert-sms';
import { SmsAttempts } from './sms-attempts.repository';
import { concatenationHeader, SmsText } from './sms-text';
import { SmppSession, SubmitAnswer } from './smpp-session';

/** While the session is down a job looks again this often, without spending an attempt… */
const UNBOUND_WAIT_MS = 2000;
/** …for this long after it was queued; then it fails like a text the SMSC refused. */
const UNBOUND_GIVE_UP_MS = 30 * 60_000;
/** Type of number and numbering plan: international, ISDN/E.164; alphanumeric sender. */
const TON_INTERNATIONAL = 1;
const NPI_ISDN = 1;
const TON_ALPHANUMERIC = 5;

/**
 * Texts every officer on shift at the alert's post (SMPP submit_sm, delivery receipts
 * requested). Each recipient is an attempt on record; a job whose texts were not all accepted
 * is retried with backoff and texts only the officers not yet accepted. A text never changes
 * the alert's status: the console and the acknowledgement do that.
 */
@Processor(QueueName.AlertSms, {
  concurrency: 16,
  lockDuration: 60_000,
  settings: { backoffStrategy: (attemptsMade: number) => retryDelayMs(attemptsMade, undefined) },
})
export class SmsAlertProcessor extends WorkerHost {
  private readonly logger = new Logger(SmsAlertProcessor.name);

  constructor(
    private readonly session: SmppSession,
    private readonly attempts: SmsAttempts,
    private readonly metrics: AlertMetrics,
    private readonly config: AppConfig,
  ) {
    super();
  }

  process(job: Job, token?: string): Promise<unknown> {
    return runJob(this, job, token);
  }

  @OnJob(AlertJob.Text)
  async text(job: Job<JobPayloads[AlertJob.Text]>, token?: string): Promise<string> {
    if (!this.session.enabled) return 'sms-off';
    const alert = await this.attempts.alert(job.data.alertId);
    if (!alert) return 'gone';
    const recipients = await this.attempts.recipients(alert.alertId);
    if (recipients.length === 0) return alert.anySubmitted ? 'already-texted' : 'nobody-on-shift';
    if (!this.session.isBound) {
      // The queue keeps real time, not the application's clock.
      if (Date.now() - job.timestamp > UNBOUND_GIVE_UP_MS) return 'smsc-unavailable';
      await job.moveToDelayed(Date.now() + UNBOUND_WAIT_MS, token);
      throw new DelayedError();
    }
    const sms = alertSmsText(alert.kind, alert.language, {
      reference: alert.reference,
      category: alert.category,
      placeKind: alert.placeKind,
      facilityName: alert.facilityName,
      link: `${this.config.publicUrl}${shortAlertPath(alert.alertId)}`,
    });
    let first = !alert.anySubmitted;
    let refused = 0;
    for (const recipient of recipients) {
      const started = Date.now();
      const answer = await this.send(recipient.phone, sms);
      await this.attempts.record(alert.alertId, recipient.userId, {
        outcome: answer.outcome,
        responseCode: answer.commandStatus,
        latencyMs: Date.now() - started,
        messageId: answer.messageId,
        error: describe(answer),
      });
      if (answer.outcome === 'submitted') {
        if (first) this.metrics.delivered('sms', Date.now() - alert.incidentCreatedAt.getTime());
        first = false;
      } else {
        refused += 1;
        this.metrics.failedAttempt('sms', answer.outcome);
      }
    }
    if (refused === 0) return 'submitted';
    const attempts = job.opts.attempts ?? this.config.alerts.deliveryAttempts;
    if (job.attemptsMade + 1 >= attempts) {
      this.logger.warn({ msg: 'texts not accepted by the SMSC', alertId: alert.alertId, refused });
      return 'partly-failed';
    }
    throw new Error(`${refused} of ${recipients.length} texts not accepted by the SMSC`);
  }

  /**
   * Sends the text in its segments; two go as a concatenated message (8-bit reference UDH,
   * 3GPP TS 23.040 §9.2.3.24.1). The answer is the first part's, or the first that failed.
   */
  private async send(phone: string, sms: SmsText): Promise<SubmitAnswer> {
    const reference = randomInt(256);
    const source = this.config.smpp!.sourceAddr;
    const alphanumeric = /[^0-9+]/.test(source);
    let firstAnswer: SubmitAnswer | null = null;
    for (const [i, part] of sms.segments.entries()) {
      const message =
        sms.segments.length > 1
          ? { udh: concatenationHeader(reference, sms.segments.length, i + 1), message: part }
          : part;
      const answer = await this.session.submit({
        source_addr_ton: alphanumeric ? TON_ALPHANUMERIC : TON_INTERNATIONAL,
        source_addr_npi: alphanumeric ? 0 : NPI_ISDN,
        source_addr: source.replace(/^\+/, ''),
        dest_addr_ton: TON_INTERNATIONAL,
        dest_addr_npi: NPI_ISDN,
        destination_addr: phone.replace(/^\+/, ''),
        data_coding: sms.dataCoding,
        registered_delivery: 1,
        short_message: message,
      });
      if (answer.outcome !== 'submitted') return answer;
      firstAnswer ??= answer;
    }
    return firstAnswer!;
  }
}

function describe(answer: SubmitAnswer): string | null {
  if (answer.outcome === 'timeout') return 'no submit_sm_resp in time';
  if (answer.outcome === 'failed')
    return `SMSC answered command status 0x${answer.commandStatus!.toString(16).padStart(8, '0')}`;
  return null;
}
