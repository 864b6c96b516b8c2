/** A delivery receipt: which message, and its final state. */
export interface SmsReceipt {
  messageId: string;
  /** DELIVRD, EXPIRED, DELETED, UNDELIV, ACCEPTD, UNKNOWN or REJECTD (SMPP 3.4 Appendix B). */
  status: string;
}

/** esm_class bits 2–5 say what a deliver_sm carries; 0x04 is an SMSC delivery receipt (§5.2.12). */
const MESSAGE_TYPE_MASK = 0x3c;
const DELIVERY_RECEIPT = 0x04;
/** message_state TLV values (§5.3.2.35), for SMSCs that send the state there. */
const STATES = [
  '',
  'ENROUTE',
  'DELIVRD',
  'EXPIRED',
  'DELETED',
  'UNDELIV',
  'ACCEPTD',
  'UNKNOWN',
  'REJECTD',
];

interface ReceiptPdu {
  esm_class?: unknown;
  short_message?: unknown;
  receipted_message_id?: unknown;
  message_state?: unknown;
}

/**
 * Reads a receipt from a deliver_sm: the text `id:<id> sub:… dlvrd:… submit date:… stat:<state> …`
 * of SMPP 3.4 Appendix B, or the receipted_message_id and message_state TLVs where sent. Any
 * other deliver_sm (a reply from a phone) is no receipt.
 */
export function parseReceipt(pdu: ReceiptPdu): SmsReceipt | null {
  if (typeof pdu.esm_class !== 'number') return null;
  if ((pdu.esm_class & MESSAGE_TYPE_MASK) !== DELIVERY_RECEIPT) return null;
  const text = textOf(pdu.short_message);
  const id =
    typeof pdu.receipted_message_id === 'string' && pdu.receipted_message_id
      ? pdu.receipted_message_id
      : /(?:^|\s)id:(\S+)/i.exec(text)?.[1];
  const status =
    /(?:^|\s)stat:([A-Z]+)/i.exec(text)?.[1]?.toUpperCase() ??
    (typeof pdu.message_state === 'number' ? STATES[pdu.message_state] : undefined);
  if (!id || !status) return null;
  return { messageId: id, status: status.slice(0, 16) };
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  if (value && typeof value === 'object' && 'message' in value) return textOf(value.message);
  return '';
}
