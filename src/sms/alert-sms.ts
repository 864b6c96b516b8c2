import { t, label } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages.en';
import type { PostLanguage } from '../directory/directory.types';
import { buildSmsText, SmsText } from './sms-text';

/** What a text is about; each kind has its own template in the catalogues. */
export type SmsKind = 'incident' | 'sos';

const TEMPLATES: Record<SmsKind, MessageKey> = {
  incident: 'sms.incident',
  sos: 'sms.sos',
};

export interface AlertSmsFacts {
  reference: string;
  /**
   * Category code; in words from the catalogue (the short SMS wording where there is one). An SOS
   * before its report has none.
   */
  category: string | null;
  /** Place kind code; in words from the catalogue. */
  placeKind: string;
  facilityName: string;
  link: string;
}

/** The text for an alert in the post's language: codes in words, at most two segments. */
export function alertSmsText(kind: SmsKind, language: PostLanguage, facts: AlertSmsFacts): SmsText {
  const code = facts.category ?? '';
  const category = code ? label(language, 'smsCategory', code) : '';
  return buildSmsText(t(language, TEMPLATES[kind]), {
    reference: facts.reference,
    category: category === code && code ? label(language, 'category', code) : category,
    place: label(language, 'placeKind', facts.placeKind),
    facility: facts.facilityName,
    link: facts.link,
  });
}
