/**
 * The plan as PDF (pdfkit), streamed while it is drawn: cover, contents with links, one section
 * per commitment on the OGP template with its milestones table, endorsements, evidence annex.
 * DejaVu Sans is embedded from the dejavu-fonts-ttf package, so accents and ñ render on any machine.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { TEXT_FIELDS } from '@mesa/shared';
import { longDate, period } from '../rules.ts';
import { adoptionLine, commitmentHeading, confirmedEndorsements, coverLines, evidenceRows, headings, pages, type PlanSource } from './source.ts';

const FONT_DIR = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONTS = { body: join(FONT_DIR, 'DejaVuSans.ttf'), bold: join(FONT_DIR, 'DejaVuSans-Bold.ttf'), italic: join(FONT_DIR, 'DejaVuSans-Oblique.ttf') };
const anchor = (reference: string) => `c_${reference}`;

type Doc = PDFKit.PDFDocument;

function h1(doc: Doc, text: string, destination?: string) {
  doc.addPage();
  if (destination) doc.addNamedDestination(destination);
  doc.outline.addItem(text);
  doc.font('bold').fontSize(17).fillColor('#1a1a1a').text(text).moveDown(0.6);
}
function h2(doc: Doc, text: string) {
  doc.moveDown(0.4).font('bold').fontSize(12.5).fillColor('#1a1a1a').text(text).moveDown(0.2);
}
function body(doc: Doc, text: string) {
  doc.font('body').fontSize(10.5).fillColor('#1a1a1a').text(text, { paragraphGap: 4 });
}
function labelled(doc: Doc, label: string, value: string) {
  doc.font('bold').fontSize(10.5).text(`${label}: `, { continued: true }).font('body').text(value || '—');
}
/**
 * A bordered table drawn cell by cell (pdfkit's own table is far too slow for a plan with many
 * commitments): column widths by weight, each row as tall as its tallest cell, the header row
 * repeated after a page break.
 */
function grid(doc: Doc, head: string[], rows: (string | number)[][], weights: number[] = head.map(() => 1)) {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => (width * w) / total);
  const pad = 4;
  const drawRow = (cells: string[], header: boolean) => {
    doc.font(header ? 'bold' : 'body').fontSize(9);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 2 * pad }))) + 2 * pad;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      if (!header) drawRow(head, true);
      doc.font(header ? 'bold' : 'body').fontSize(9);
    }
    const y = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      const w = widths[i]!;
      if (header) doc.rect(x, y, w, height).fill('#e8e8e8');
      doc.rect(x, y, w, height).lineWidth(0.5).strokeColor('#777777').stroke();
      doc.fillColor('#1a1a1a').text(cell, x + pad, y + pad, { width: w - 2 * pad });
      x += w;
    });
    doc.x = left;
    doc.y = y + height;
  };
  doc.moveDown(0.3);
  drawRow(head, true);
  for (const r of rows) drawRow(r.map(String), false);
  doc.x = left;
  doc.moveDown(0.5);
}

async function draw(doc: Doc, s: PlanSource) {
  const { t, lang, plan } = s;
  // Cover
  doc.font('bold').fontSize(24).fillColor('#1a1a1a').text(plan.title, { align: 'center' }).moveDown(0.5);
  doc.font('italic').fontSize(13).text(t('plan:export.planOf'), { align: 'center' }).moveDown(2);
  for (const [label, value] of coverLines(s)) labelled(doc, label, value);
  doc.moveDown().font('bold').fontSize(11).text(adoptionLine(s));

  // Contents: each line links to its section's named destination
  h1(doc, t('plan:export.contents'));
  for (const c of await headings(s)) doc.font('body').fontSize(11).fillColor('#0b4f9c').text(commitmentHeading(c), { goTo: anchor(c.reference), underline: true }).moveDown(0.2);
  doc.font('body').fontSize(11).fillColor('#0b4f9c').text(t('plan:export.endorsements'), { goTo: 'endorsements', underline: true }).moveDown(0.2);
  doc.text(t('plan:export.annex'), { goTo: 'annex', underline: true }).fillColor('#1a1a1a');

  for await (const page of pages(s)) {
    for (const c of page) {
      h1(doc, commitmentHeading(c), anchor(c.reference));
      labelled(doc, t('plan:export.area'), t(`plan:area.${c.area}`));
      labelled(doc, t('plan:export.leadInstitution'), c.leadInstitution);
      labelled(doc, t('plan:export.supportingGovernment'), c.supportingStakeholders.government.join('; '));
      labelled(doc, t('plan:export.supportingCivilSociety'), c.supportingStakeholders.civilSociety.join('; '));
      labelled(doc, t('plan:export.dates'), period(c.startsOn, c.endsOn, lang));
      labelled(doc, t('plan:export.contact'), c.contact);
      for (const f of TEXT_FIELDS) {
        if (!c.fields[f].trim()) continue;
        h2(doc, t(`plan:fields.${f}`));
        body(doc, c.fields[f]);
      }
      h2(doc, t('plan:export.milestones'));
      if (c.milestones.length === 0) body(doc, t('plan:export.noMilestones'));
      else {
        grid(doc, [t('plan:export.milestone'), t('plan:export.deliverable'), t('plan:export.startsOn'), t('plan:export.endsOn'), t('plan:export.responsible'), t('plan:export.status')],
          c.milestones.map((m) => [m.title, m.deliverable, longDate(m.startsOn, lang), longDate(m.endsOn, lang), m.responsible, t(`plan:status.${m.status}`)]), [3, 3, 1.6, 1.6, 2, 1.4]);
      }
    }
  }

  h1(doc, t('plan:export.endorsements'), 'endorsements');
  body(doc, t('plan:export.endorsementsIntro'));
  const endorsements = await confirmedEndorsements(s);
  if (endorsements.length === 0) body(doc, t('plan:export.noEndorsements'));
  else grid(doc, [t('plan:export.organisation'), t('plan:export.representative'), t('plan:export.role'), t('plan:export.statement')], endorsements.map((e) => [e.organisation, e.representative, e.role, e.statement]), [2.5, 2, 1.5, 3]);

  h1(doc, t('plan:export.annex'), 'annex');
  const ev = await evidenceRows(s);
  body(doc, ev.intro);
  grid(doc, [t('plan:export.annex'), t('plan:export.count')], ev.totals, [4, 1]);
  h2(doc, t('plan:export.proposalsBySector'));
  grid(doc, [t('plan:export.sector'), t('plan:export.count')], ev.bySector.length ? ev.bySector : [[t('plan:export.empty'), 0]], [4, 1]);
  if (ev.standards.length) {
    h2(doc, ev.standardsHeading);
    grid(doc, [t('plan:export.standard'), t('plan:export.status')], ev.standards, [4, 1.3]);
  }
}

/** The PDF as a stream: bytes flow to the client while later commitments are still being read. */
export function planPdf(s: PlanSource): Doc {
  const doc = new PDFDocument({ size: 'A4', margin: 56, lang: s.lang, displayTitle: true, info: { Title: s.plan.title, Creator: 'Mesa', Subject: s.t('plan:export.planOf') } });
  doc.registerFont('body', FONTS.body);
  doc.registerFont('bold', FONTS.bold);
  doc.registerFont('italic', FONTS.italic);
  draw(doc, s).then(() => doc.end(), (err: Error) => doc.destroy(err));
  return doc;
}
