// The child's record for a subject access request as a PDF, built from the same pack as the JSON file.
import PDFDocument from 'pdfkit';
import { pdfSafe } from '../meetings/pdf.ts';
import type { RecordPack } from './service.ts';

export function recordPdf(pack: RecordPack): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: pdfSafe(`Subject access: ${pack.request.references}`), Author: 'Harbour', Subject: 'Subject access request' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const draft = pack.request.status !== 'released';
    const marking = () =>
      doc
        .font('Helvetica')
        .fontSize(8)
        .fillColor('#505a5f')
        .text(draft ? 'OFFICIAL-SENSITIVE. DRAFT FOR REVIEW: not for release.' : 'OFFICIAL-SENSITIVE. Released under a subject access request.', { align: 'right' })
        .fillColor('black')
        .moveDown(0.5);
    doc.on('pageAdded', marking);
    marking();
    const heading = (text: string) => doc.moveDown(0.6).font('Helvetica-Bold').fontSize(13).text(pdfSafe(text)).moveDown(0.2);
    const para = (text: string) => doc.font('Helvetica').fontSize(10).text(pdfSafe(text)).moveDown(0.2);
    const field = (key: string, value: string) => doc.font('Helvetica-Bold').fontSize(10).text(pdfSafe(`${key}: `), { continued: true }).font('Helvetica').text(pdfSafe(value));

    doc.font('Helvetica-Bold').fontSize(18).text(pdfSafe(draft ? 'Your record (draft for review)' : 'Your record')).moveDown(0.3);
    field('Cases', pack.request.references);
    field('Request received', pack.request.receivedOn);
    field('Due', pack.request.dueOn);
    field('Status', pack.request.status);
    field('Produced', pack.request.producedAt);

    heading('About the child');
    for (const [k, v] of Object.entries(pack.child)) if (v !== null && v !== '') field(k, String(v));
    heading('Cases');
    for (const c of pack.cases) para(`${c.reference}: ${c.status}, opened ${c.openedOn}${c.closedOn ? `, closed ${c.closedOn}` : ''}`);

    heading(draft ? 'Items for review before release' : 'Items reviewed before release');
    if (!pack.forReview.length) para('No item named a third party or was police-only.');
    for (const i of pack.forReview) para(`${i.heading}. ${i.reasons.join('; ')}. Decision: ${i.decision}${i.reason ? ` (${i.reason})` : ''}`);

    heading('The record');
    if (!pack.entries.length) para('Nothing recorded.');
    for (const e of pack.entries) {
      doc.font('Helvetica-Bold').fontSize(10).text(pdfSafe(`${e.when ?? ''} ${e.heading}`.trim()));
      if (e.by) doc.font('Helvetica-Oblique').fontSize(9).text(pdfSafe(e.by));
      if (e.review) doc.font('Helvetica-Oblique').fontSize(9).text(pdfSafe(e.review));
      para(e.text);
    }
    doc.end();
  });
}
