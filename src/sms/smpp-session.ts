import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import * as smpp from 'smpp';
import { AppConfig, SmppSettings } from '../config/app-config';
import { parseReceipt, SmsReceipt } from './delivery-receipt';
import { SmsAttempts } from './sms-attempts.repository';

const ENQUIRE_LINK_MS = 30_000;
/** An SMSC that answers neither a bind, an enquire_link nor a submit in this time is gone. */
const ANSWER_TIMEOUT_MS = 10_000;
const RECONNECT_MIN_MS = 1000;
const RECONNECT_MAX_MS = 10_000;
const UNBIND_WAIT_MS = 2000;

export interface SubmitAnswer {
  outcome: 'submitted' | 'failed' | 'timeout';
  /** The submit_sm_resp command status (0 is ESME_ROK); null on a timeout. */
  commandStatus: number | null;
  messageId: string | null;
}

/** The session is not bound: nothing was sent. */
export class SmscUnavailable extends Error {}

/**
 * One long-lived SMPP 3.4 `bind_transceiver` session with the operator's SMSC, in the worker. It
 * binds at start without holding the start up, checks the link with `enquire_link` every 30 s,
 * reconnects with jittered exponential backoff whenever the link drops or a bind fails, answers
 * every `deliver_sm` (recording delivery receipts) and unbinds on shutdown. The password and the
 * phone numbers never reach the log.
 */
@Injectable()
export class SmppSession implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SmppSession.name);
  private readonly settings: SmppSettings | null;
  private session: smpp.Session | null = null;
  private bound = false;
  private stopping = false;
  private failures = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private enquireTimer: NodeJS.Timeout | null = null;

  constructor(
    config: AppConfig,
    private readonly attempts: SmsAttempts,
  ) {
    this.settings = config.smpp;
  }

  /** Whether texts are configured at all. */
  get enabled(): boolean {
    return this.settings !== null;
  }

  get isBound(): boolean {
    return this.bound;
  }

  onApplicationBootstrap(): void {
    if (this.settings) this.open(this.settings);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.stopEnquiring();
    const session = this.session;
    if (!session) return;
    await new Promise<void>((resolve) => {
      const done = setTimeout(() => session.destroy(() => resolve()), UNBIND_WAIT_MS);
      session.once('close', () => {
        clearTimeout(done);
        resolve();
      });
      const unbinding = this.bound && session.unbind(() => session.close());
      if (!unbinding) session.destroy();
    });
  }

  /** Sends one submit_sm and waits for its answer. */
  submit(fields: Record<string, unknown>): Promise<SubmitAnswer> {
    const session = this.session;
    if (!session || !this.bound) return Promise.reject(new SmscUnavailable('SMSC not bound'));
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => resolve({ outcome: 'timeout', commandStatus: null, messageId: null }),
        ANSWER_TIMEOUT_MS,
      );
      const sent = session.submit_sm(fields, (pdu) => {
        clearTimeout(timer);
        const ok = pdu.command_status === smpp.ESME_ROK;
        resolve({
          outcome: ok ? 'submitted' : 'failed',
          commandStatus: pdu.command_status,
          messageId: ok && typeof pdu.message_id === 'string' ? pdu.message_id : null,
        });
      });
      if (!sent) {
        clearTimeout(timer);
        resolve({ outcome: 'timeout', commandStatus: null, messageId: null });
      }
    });
  }

  private open(settings: SmppSettings): void {
    if (this.stopping) return;
    const session = smpp.connect({ url: settings.url });
    this.session = session;
    const connectTimer = setTimeout(() => session.destroy(), ANSWER_TIMEOUT_MS);
    session.on(settings.url.startsWith('ssmpp:') ? 'secureConnect' : 'connect', () => {
      clearTimeout(connectTimer);
      this.bind(session, settings);
    });
    session.on('error', (error: Error & { code?: string }) => {
      this.logger.warn({ msg: 'SMSC connection error', error: error.code ?? error.message });
    });
    session.on('close', () => {
      clearTimeout(connectTimer);
      if (this.session !== session) return;
      const wasBound = this.bound;
      this.bound = false;
      this.session = null;
      this.stopEnquiring();
      if (this.stopping) return;
      if (wasBound) this.logger.warn({ msg: 'SMSC session closed; reconnecting' });
      this.scheduleReconnect(settings);
    });
    session.on('deliver_sm', (pdu: smpp.PDU) => {
      session.send(pdu.response());
      const receipt = parseReceipt(pdu as Parameters<typeof parseReceipt>[0]);
      if (receipt) void this.record(receipt);
    });
    session.on('enquire_link', (pdu: smpp.PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: smpp.PDU) => {
      session.send(pdu.response());
      session.close();
    });
  }

  private bind(session: smpp.Session, settings: SmppSettings): void {
    const timer = setTimeout(() => session.destroy(), ANSWER_TIMEOUT_MS);
    session.bind_transceiver(
      { system_id: settings.systemId, password: settings.password },
      (pdu) => {
        clearTimeout(timer);
        if (pdu.command_status !== smpp.ESME_ROK) {
          this.logger.warn({ msg: 'SMSC refused the bind', commandStatus: pdu.command_status });
          session.destroy();
          return;
        }
        this.bound = true;
        this.failures = 0;
        this.logger.log({ msg: 'SMSC session bound' });
        this.startEnquiring(session);
      },
    );
  }

  /** A link that does not answer enquire_link in time is dropped, and the close reconnects. */
  private startEnquiring(session: smpp.Session): void {
    this.stopEnquiring();
    this.enquireTimer = setInterval(() => {
      const timer = setTimeout(() => session.destroy(), ANSWER_TIMEOUT_MS);
      if (!session.enquire_link(() => clearTimeout(timer))) session.destroy();
    }, ENQUIRE_LINK_MS);
  }

  private stopEnquiring(): void {
    if (this.enquireTimer) clearInterval(this.enquireTimer);
    this.enquireTimer = null;
  }

  private scheduleReconnect(settings: SmppSettings): void {
    const ceiling = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.failures);
    this.failures += 1;
    const delay = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.open(settings);
    }, delay);
  }

  private async record(receipt: SmsReceipt): Promise<void> {
    try {
      await this.attempts.recordReceipt(receipt);
    } catch (error) {
      this.logger.warn({ msg: 'delivery receipt not recorded', error: (error as Error).message });
    }
  }
}
