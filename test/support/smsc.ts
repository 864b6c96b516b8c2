import { AddressInfo } from 'node:net';
import * as smpp from 'smpp';

export const SMSC_SYSTEM_ID = 'medguard';
export const SMSC_PASSWORD = 'pw-2026';
export const SMSC_SOURCE = 'MedGuard';

export interface ReceivedText {
  destination: string;
  destTon: number;
  source: string;
  dataCoding: number;
  registeredDelivery: number;
  /** The text of every part, joined in order. */
  text: string;
  parts: number;
  messageIds: string[];
}

/**
 * A real SMPP 3.4 peer for tests (the `smpp` package's server side): it checks the bind, answers
 * every submit_sm with a message id (or a refusal the test asks for), assembles concatenated
 * parts, and sends delivery receipts on request. It can be stopped and started on the same port.
 */
export class TestSmsc {
  readonly binds: Array<{ systemId: string; password: string; accepted: boolean }> = [];
  readonly texts: ReceivedText[] = [];
  readonly deliverResponses: number[] = [];
  unbinds = 0;
  private server: smpp.Server | null = null;
  private sessions = new Set<smpp.Session>();
  private partial = new Map<string, { parts: string[]; ids: string[]; first: smpp.PDU }>();
  private refusals = new Map<string, number[]>();
  private sequence = 0;
  port = 0;

  static async start(): Promise<TestSmsc> {
    const smsc = new TestSmsc();
    await smsc.listen();
    return smsc;
  }

  env(): Record<string, string> {
    return {
      SMPP_URL: `smpp://127.0.0.1:${this.port}`,
      SMPP_SYSTEM_ID: SMSC_SYSTEM_ID,
      SMPP_PASSWORD: SMSC_PASSWORD,
      SMPP_SOURCE_ADDR: SMSC_SOURCE,
    };
  }

  /** The next submits to this destination are answered with these command statuses. */
  refuse(destination: string, ...statuses: number[]): void {
    this.refusals.set(destination, statuses);
  }

  get boundSessions(): number {
    return this.binds.filter((b) => b.accepted).length;
  }

  async listen(): Promise<void> {
    const server = smpp.createServer((session) => this.serve(session));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', () => resolve()));
    this.port = (server.address() as AddressInfo).port;
  }

  /** Stops listening and cuts every session, as an SMSC going down does. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.dropSessions();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  dropSessions(): void {
    for (const session of this.sessions) session.destroy();
    this.sessions.clear();
  }

  /** Sends a delivery receipt for the message over a bound session. */
  sendReceipt(messageId: string, stat: string): void {
    const [session] = this.sessions;
    session.deliver_sm(
      {
        esm_class: 0x04,
        source_addr: '77011234567',
        short_message: `id:${messageId} sub:001 dlvrd:001 submit date:2612011200 done date:2612011201 stat:${stat} err:000 text:`,
      },
      (pdu) => this.deliverResponses.push(pdu.command_status),
    );
  }

  private serve(session: smpp.Session): void {
    this.sessions.add(session);
    session.on('close', () => this.sessions.delete(session));
    session.on('error', () => undefined);
    session.on('bind_transceiver', (pdu: smpp.PDU) => {
      const accepted = pdu.system_id === SMSC_SYSTEM_ID && pdu.password === SMSC_PASSWORD;
      this.binds.push({
        systemId: String(pdu.system_id),
        password: String(pdu.password),
        accepted,
      });
      session.send(
        pdu.response({ command_status: accepted ? smpp.ESME_ROK : smpp.ESME_RBINDFAIL }),
      );
      if (!accepted) session.close();
    });
    session.on('enquire_link', (pdu: smpp.PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: smpp.PDU) => {
      this.unbinds += 1;
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu: smpp.PDU) => this.submitted(session, pdu));
  }

  private submitted(session: smpp.Session, pdu: smpp.PDU): void {
    const destination = String(pdu.destination_addr);
    const refusal = this.refusals.get(destination);
    if (refusal?.length) {
      session.send(pdu.response({ command_status: refusal.shift() }));
      return;
    }
    const messageId = `m${++this.sequence}`;
    session.send(pdu.response({ message_id: messageId }));
    const body = pdu.short_message as { message: string; udh?: Buffer[] };
    const concat = body.udh?.find((ie) => ie[0] === 0x00);
    if (!concat) {
      this.texts.push(this.received(pdu, body.message, 1, [messageId]));
      return;
    }
    const [, , ref, total, seq] = [...concat];
    const key = `${destination}:${ref}`;
    const entry = this.partial.get(key) ?? { parts: [], ids: [], first: pdu };
    entry.parts[seq - 1] = body.message;
    entry.ids[seq - 1] = messageId;
    this.partial.set(key, entry);
    if (entry.parts.filter((p) => p !== undefined).length === total) {
      this.partial.delete(key);
      this.texts.push(this.received(entry.first, entry.parts.join(''), total, entry.ids));
    }
  }

  private received(pdu: smpp.PDU, text: string, parts: number, ids: string[]): ReceivedText {
    return {
      destination: String(pdu.destination_addr),
      destTon: Number(pdu.dest_addr_ton),
      source: String(pdu.source_addr),
      dataCoding: Number(pdu.data_coding),
      registeredDelivery: Number(pdu.registered_delivery),
      text,
      parts,
      messageIds: ids,
    };
  }
}
