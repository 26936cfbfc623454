// An assessment as a PDF: the same content as the printable page (print.njk), built from the same view model, so the
// sections are already filtered by the reader's sharing levels. Follows the meeting minutes' PDF (pdfkit).
import PDFDocument from 'pdfkit';
import { formatDateTime } from '../../platform/web/nunjucks.ts';
import { pdfSafe } from '../meetings/pdf.ts';

export type AssessmentPdfModel = {
  childName: string;
  reference: string;
  assessment: {
    kindLabel: string;
    statusLabel: string;
    source: string;
    started_at: Date;
    started_by_name: string;
    submitted_at: Date | null;
    submitted_by_name: string | null;
    authorised_at: Date | null;
    authorised_by_name: string | null;
    significant_harm_at: Date | null;
    significant_harm_early: boolean | null;
    significant_harm_details: string | null;
  };
  sections: readonly { label: string; body: string; sharingLabel: string }[];
  hiddenCount: number;
  related: readonly { name: string; relationshipLabel: string; person_of_concern: string | null; decisionLabel: string; reason: string | null; contact_reference: string | null }[];
};

export function assessmentPdf(model: AssessmentPdfModel): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const a = model.assessment;
    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: pdfSafe(`${a.kindLabel} – ${model.reference}`), Author: 'Harbour', Subject: 'Assessment' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    const marking = () => doc.font('Helvetica').fontSize(8).fillColor('#505a5f').text('OFFICIAL-SENSITIVE. Assessment: hold securely within your agency. Do not forward.', { align: 'right' }).fillColor('black').moveDown(0.5);
    doc.on('pageAdded', marking);
    marking();

    const heading = (text: string) => doc.moveDown(0.6).font('Helvetica-Bold').fontSize(13).text(pdfSafe(text)).moveDown(0.2);
    const para = (text: string) => doc.font('Helvetica').fontSize(10).text(pdfSafe(text)).moveDown(0.2);
    const field = (key: string, value: string) => {
      doc.font('Helvetica-Bold').fontSize(10).text(pdfSafe(`${key}: `), { continued: true }).font('Helvetica').text(pdfSafe(value));
    };

    doc.font('Helvetica-Bold').fontSize(18).text(pdfSafe(a.kindLabel)).moveDown(0.3);
    field('Child', `${model.childName} (${model.reference})`);
    field('Status', a.statusLabel);
    field('Started', `${formatDateTime(a.started_at)} by ${a.started_by_name}`);
    if (a.submitted_at) field('Submitted', `${formatDateTime(a.submitted_at)} by ${a.submitted_by_name ?? ''}`);
    if (a.authorised_at) field('Authorised', `${formatDateTime(a.authorised_at)} by ${a.authorised_by_name ?? ''}`);
    field('Procedure', a.source);
    if (a.significant_harm_at) {
      heading('Continuing risk of significant harm');
      para(`Recorded ${formatDateTime(a.significant_harm_at)}${a.significant_harm_early ? ', at an early stage of the initial assessment' : ''}. ${a.significant_harm_details ?? ''}`);
    }
    for (const s of model.sections) {
      heading(s.label);
      doc.font('Helvetica-Oblique').fontSize(8).fillColor('#505a5f').text(pdfSafe(`Who can see this: ${s.sharingLabel}`)).fillColor('black');
      para(s.body || 'Nothing recorded yet.');
    }
    if (model.hiddenCount) para(`${model.hiddenCount} ${model.hiddenCount === 1 ? 'section is' : 'sections are'} shared more narrowly and not shown to you.`);
    heading('Siblings, other children in the household and the peer group');
    if (!model.related.length) para('None recorded.');
    for (const r of model.related) {
      para(`${r.name}: ${r.relationshipLabel}${r.person_of_concern ? ` (${r.person_of_concern})` : ''}. ${r.decisionLabel}${r.contact_reference ? ` as ${r.contact_reference}` : ''}${r.reason ? `. ${r.reason}` : ''}`);
    }
    doc.end();
  });
}
