/**
 * The plan as a Word document (docx): cover, contents with links, one section per commitment on
 * the OGP template with its milestones table, the endorsements, and the co-creation evidence annex.
 * Commitments are read page by page; the document holds the plan's own text, never the process's
 * contributions (the annex is counts).
 */
import {
  AlignmentType, Bookmark, Document, HeadingLevel, InternalHyperlink, Packer, PageBreak, Paragraph, Table, TableCell, TableRow, TextRun, WidthType,
  type ParagraphChild,
} from 'docx';
import { TEXT_FIELDS } from '@mesa/shared';
import { longDate, period } from '../rules.ts';
import { adoptionLine, commitmentHeading, confirmedEndorsements, coverLines, evidenceRows, headings, pages, type PlanSource } from './source.ts';

const anchor = (reference: string) => `c_${reference.replace(/[^A-Za-z0-9_]/g, '_')}`;
const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel], children?: ParagraphChild[]) =>
  new Paragraph({ heading: level, children: children ?? [new TextRun(text)] });
const paragraphs = (text: string) => text.split(/\n+/).map((line) => line.trim()).filter(Boolean).map((line) => new Paragraph({ children: [new TextRun(line)] }));
const labelled = (label: string, value: string) => new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)] });

function table(head: string[], rows: (string | number)[][]) {
  const cell = (v: string | number, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: String(v), bold })] })] });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [new TableRow({ tableHeader: true, children: head.map((h) => cell(h, true)) }), ...rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) }))],
  });
}

async function commitmentSections(s: PlanSource) {
  const { t, lang } = s;
  const out: (Paragraph | Table)[] = [];
  for await (const page of pages(s)) {
    for (const c of page) {
      out.push(new Paragraph({ children: [new PageBreak()] }));
      out.push(heading('', HeadingLevel.HEADING_1, [new Bookmark({ id: anchor(c.reference), children: [new TextRun(commitmentHeading(c))] })]));
      out.push(labelled(t('plan:export.reference'), c.reference));
      out.push(labelled(t('plan:export.area'), t(`plan:area.${c.area}`)));
      out.push(labelled(t('plan:export.leadInstitution'), c.leadInstitution || t('plan:export.empty')));
      out.push(labelled(t('plan:export.supportingGovernment'), c.supportingStakeholders.government.join('; ') || t('plan:export.empty')));
      out.push(labelled(t('plan:export.supportingCivilSociety'), c.supportingStakeholders.civilSociety.join('; ') || t('plan:export.empty')));
      out.push(labelled(t('plan:export.dates'), period(c.startsOn, c.endsOn, lang) || t('plan:export.empty')));
      out.push(labelled(t('plan:export.contact'), c.contact || t('plan:export.empty')));
      for (const f of TEXT_FIELDS) {
        if (!c.fields[f].trim()) continue;
        out.push(heading(t(`plan:fields.${f}`), HeadingLevel.HEADING_2), ...paragraphs(c.fields[f]));
      }
      out.push(heading(t('plan:export.milestones'), HeadingLevel.HEADING_2));
      if (c.milestones.length === 0) out.push(new Paragraph(t('plan:export.noMilestones')));
      else {
        out.push(table(
          [t('plan:export.milestone'), t('plan:export.deliverable'), t('plan:export.startsOn'), t('plan:export.endsOn'), t('plan:export.responsible'), t('plan:export.status')],
          c.milestones.map((m) => [m.title, m.deliverable, longDate(m.startsOn, lang), longDate(m.endsOn, lang), m.responsible, t(`plan:status.${m.status}`)]),
        ));
      }
    }
  }
  return out;
}

export async function planDocx(s: PlanSource) {
  const { t, plan } = s;
  const cover = [
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun(plan.title)] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: t('plan:export.planOf'), italics: true })] }),
    ...coverLines(s).map(([label, value]) => labelled(label, value)),
    new Paragraph({ children: [new TextRun({ text: adoptionLine(s), bold: true })] }),
  ];
  const toc = [
    new Paragraph({ children: [new PageBreak()] }),
    heading(t('plan:export.contents'), HeadingLevel.HEADING_1),
    ...(await headings(s)).map((c) => new Paragraph({ children: [new InternalHyperlink({ anchor: anchor(c.reference), children: [new TextRun({ text: commitmentHeading(c), style: 'Hyperlink' })] })] })),
    new Paragraph({ children: [new InternalHyperlink({ anchor: 'endorsements', children: [new TextRun({ text: t('plan:export.endorsements'), style: 'Hyperlink' })] })] }),
    new Paragraph({ children: [new InternalHyperlink({ anchor: 'annex', children: [new TextRun({ text: t('plan:export.annex'), style: 'Hyperlink' })] })] }),
  ];
  const endorsements = await confirmedEndorsements(s);
  const endorsementPart = [
    new Paragraph({ children: [new PageBreak()] }),
    heading('', HeadingLevel.HEADING_1, [new Bookmark({ id: 'endorsements', children: [new TextRun(t('plan:export.endorsements'))] })]),
    new Paragraph(t('plan:export.endorsementsIntro')),
    endorsements.length === 0
      ? new Paragraph(t('plan:export.noEndorsements'))
      : table([t('plan:export.organisation'), t('plan:export.representative'), t('plan:export.role'), t('plan:export.statement')],
        endorsements.map((e) => [e.organisation, e.representative, e.role, e.statement])),
  ];
  const ev = await evidenceRows(s);
  const annex = [
    new Paragraph({ children: [new PageBreak()] }),
    heading('', HeadingLevel.HEADING_1, [new Bookmark({ id: 'annex', children: [new TextRun(t('plan:export.annex'))] })]),
    new Paragraph(ev.intro),
    table([t('plan:export.annex'), t('plan:export.count')], ev.totals),
    heading(t('plan:export.proposalsBySector'), HeadingLevel.HEADING_2),
    table([t('plan:export.sector'), t('plan:export.count')], ev.bySector),
    ...(ev.standards.length ? [heading(ev.standardsHeading, HeadingLevel.HEADING_2), table([t('plan:export.standard'), t('plan:export.status')], ev.standards)] : []),
  ];
  const doc = new Document({
    title: plan.title, creator: 'Mesa', description: t('plan:export.planOf'),
    styles: { default: { document: { run: { font: 'DejaVu Sans', size: 21 } } } },
    sections: [{ children: [...cover, ...toc, ...(await commitmentSections(s)), ...endorsementPart, ...annex] }],
  });
  return Packer.toStream(doc);
}
