import type { Locale } from '../auth/roles';
import { label, t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages.en';
import type { Manifest } from './package-manifest';

/** DejaVu Sans has every Kazakh and Russian letter; it is embedded (as a subset) in the PDF. */
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');
const MONO = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf');

/** Times as a court reads them: unambiguous, in UTC. */
const when = (iso: string | null): string =>
  iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : '—';

/**
 * custody-report.pdf: the manifest for a person to read, in the package's language: the incident
 * on the first page, then a page per file with its hashes and every custody event.
 */
export async function custodyReportPdf(manifest: Manifest, locale: Locale): Promise<Buffer> {
  // Loaded by the worker on its first package, not with every process that never builds one.
  const PDFDocument = (await import('pdfkit')).default;
  const tt = (key: MessageKey, values: Record<string, string | number> = {}) =>
    t(locale, key).replace(/\{(\w+)\}/g, (all, name: string) =>
      name in values ? String(values[name]) : all,
    );
  const i = manifest.incident;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    lang: locale,
    info: { Title: `${tt('package.pdf.title')} ${i.reference}`, Creator: 'MedGuard' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('text', FONT);
  doc.registerFont('bold', FONT_BOLD);
  doc.registerFont('mono', MONO);

  const heading = (text: string, size = 13) =>
    doc.moveDown(0.6).font('bold').fontSize(size).text(text).moveDown(0.2);
  const field = (name: string, value: string) =>
    doc.font('bold').fontSize(10).text(`${name}: `, { continued: true }).font('text').text(value);
  const hash = (name: string, value: string) =>
    doc
      .font('text')
      .fontSize(9)
      .text(`${name}: `, { continued: true })
      .font('mono')
      .fontSize(8)
      .text(value);

  doc.font('bold').fontSize(16).text(tt('package.pdf.title'));
  doc.moveDown(0.3).font('text').fontSize(10).text(tt('package.pdf.lead'));
  heading(tt('package.pdf.incident'));
  field(tt('package.pdf.reference'), i.reference);
  field(tt('package.pdf.occurredAt'), when(i.occurredAt));
  field(tt('package.pdf.facility'), i.facility.name);
  field(
    tt('package.pdf.classification'),
    `${label(locale, 'category', i.classification.category)} (${i.classification.article})`,
  );
  field(tt('package.pdf.ruleSet'), String(i.classification.ruleSetVersion));
  field(tt('package.pdf.status'), label(locale, 'status', i.status));
  field(tt('package.pdf.erdr'), i.erdrNumber ?? '—');
  for (const r of i.classification.reasons)
    doc.font('text').fontSize(9).text(`• ${r.message}`, { indent: 10 });
  heading(tt('package.pdf.reclassifications'), 11);
  if (!i.classification.reclassifications.length)
    doc.font('text').fontSize(9).text(tt('package.pdf.none'));
  for (const r of i.classification.reclassifications)
    doc
      .font('text')
      .fontSize(9)
      .text(
        `${when(r.at)} · ${r.from ? label(locale, 'category', r.from) : '—'} → ${r.to ? label(locale, 'category', r.to) : '—'}${r.reason ? ` · ${r.reason}` : ''}`,
      );
  heading(tt('package.pdf.statusHistory'), 11);
  for (const s of i.statusHistory)
    doc
      .font('text')
      .fontSize(9)
      .text(
        `${when(s.at)} · ${s.to ? label(locale, 'status', s.to) : '—'}${s.note ? ` · ${s.note}` : ''}`,
      );
  heading(tt('package.pdf.package'), 11);
  field(tt('package.pdf.builtAt'), when(manifest.createdAt));
  field(tt('package.pdf.files'), String(manifest.files.length));

  manifest.files.forEach((f, n) => {
    doc.addPage();
    doc
      .font('bold')
      .fontSize(13)
      .text(tt('package.pdf.file', { n: n + 1, all: manifest.files.length }));
    doc.moveDown(0.3);
    field(tt('package.pdf.path'), f.path);
    hash('SHA-256', f.sha256);
    field(tt('package.pdf.size'), String(f.size));
    field(tt('package.pdf.contentType'), f.contentType);
    field(tt('package.pdf.device'), f.deviceSerial ?? '—');
    field(tt('package.pdf.recorded'), `${when(f.recordedFrom)} — ${when(f.recordedTo)}`);
    heading(tt('package.pdf.custody'), 11);
    doc
      .font('bold')
      .fontSize(9)
      .text(tt(f.custody.valid ? 'package.pdf.chainValid' : 'package.pdf.chainBroken'));
    for (const e of f.custody.events) {
      doc.moveDown(0.3);
      const actor = tt(`package.pdf.actor.${e.actorType}` as MessageKey);
      doc
        .font('text')
        .fontSize(9)
        .text(
          `${e.id}. ${when(e.at)} · ${e.action} · ${actor}${e.actorId ? ` ${e.actorId}` : ''}${e.ip ? ` · ${e.ip}` : ''}`,
        );
      hash(tt('package.pdf.hash'), e.hash);
      hash(tt('package.pdf.previous'), e.prevHash);
    }
  });
  doc.end();
  return done;
}
