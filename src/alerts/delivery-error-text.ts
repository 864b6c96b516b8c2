/** The longest error text a delivery log entry shows. */
export const DELIVERY_ERROR_MAX = 300;

const URL_IN_TEXT = /\b([a-z][a-z0-9+.-]*:\/\/)(?:[^\s/?#@"'<>]*@)?([^\s/?#"'<>]+)[^\s"'<>]*/gi;
const SECRET_IN_TEXT = /\bwhsec_[A-Za-z0-9+/=]+/g;
/** E.164 numbers and any other run of ten or more digits (an SMS destination without its plus). */
const NUMBER_IN_TEXT = /\+?\d(?:[\s-]?\d){9,}/g;

/**
 * What a delivery attempt's error may say in the delivery log: a receiver's or a library's
 * message with every URL cut to its origin (a push endpoint's path is its capability, a webhook
 * URL's path or query may carry a token), signing secrets and phone numbers masked, and bounded.
 */
export function deliveryErrorText(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const text = raw
    .replace(URL_IN_TEXT, (_m, scheme: string, host: string) => `${scheme}${host}/…`)
    .replace(SECRET_IN_TEXT, 'whsec_…')
    .replace(NUMBER_IN_TEXT, '[number]')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > DELIVERY_ERROR_MAX ? `${text.slice(0, DELIVERY_ERROR_MAX - 1)}…` : text;
}
