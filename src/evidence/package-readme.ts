import type { Locale } from '../auth/roles';
import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages.en';

/** The names of the files every package holds beside its footage. */
export const PACKAGE_FILES = {
  manifest: 'manifest.json',
  signature: 'manifest.json.sig',
  report: 'custody-report.pdf',
  readme: 'README.txt',
  sums: 'SHA256SUMS',
  publicKey: 'public.pem',
} as const;

const PUBLIC_KEY_URL = 'GET /api/v1/evidence-packages/public-key';

function fill(locale: Locale, key: MessageKey, values: Record<string, string | number> = {}) {
  return t(locale, key).replace(/\{(\w+)\}/g, (all, name: string) =>
    name in values ? String(values[name]) : all,
  );
}

/** One language's part of README.txt: what the package holds and how to verify it offline. */
function section(locale: Locale, reference: string): string {
  const f = PACKAGE_FILES;
  const say = (key: MessageKey) =>
    fill(locale, key, {
      m: f.manifest,
      k: f.publicKey,
      ref: reference,
      enc: 'base64',
      url: PUBLIC_KEY_URL,
    });
  const entry = (name: string, key: MessageKey) => `  ${name.padEnd(20)} ${say(key)}`;
  return [
    say('package.readme.title'),
    '',
    say('package.readme.contents'),
    entry('footage/', 'package.readme.footage'),
    entry(f.manifest, 'package.readme.manifest'),
    entry(f.signature, 'package.readme.signature'),
    entry(f.report, 'package.readme.report'),
    entry(f.sums, 'package.readme.sums'),
    entry(f.publicKey, 'package.readme.key'),
    '',
    say('package.readme.verify'),
    '',
    say('package.readme.step1'),
    '',
    `    sha256sum -c ${f.sums}`,
    '',
    say('package.readme.step2'),
    '',
    `    base64 -d ${f.signature} > ${f.signature}.bin`,
    `    openssl pkeyutl -verify -pubin -inkey ${f.publicKey} -rawin -in ${f.manifest} -sigfile ${f.signature}.bin`,
    '',
    say('package.readme.step3'),
    '',
    say('package.readme.step4'),
    '',
  ].join('\n');
}

/** README.txt: the package's language, then English (once, when that is the language). */
export function packageReadme(language: Locale, reference: string): string {
  const parts = language === 'en' ? ['en' as const] : [language, 'en' as const];
  return parts.map((l) => section(l, reference)).join(`\n${'-'.repeat(72)}\n\n`);
}
