// The minutes of a held meeting as a PDF: the same content as the printable minutes page (minutes.njk), built from
// the same view model, so information items are already filtered by the reader's sharing level.
import PDFDocument from 'pdfkit';
import { formatDate, formatDateTime } from '../../platform/web/nunjucks.ts';

export type MinutesPdfModel = {
  childName: string;
  reference: string;
  typeLabel: string;
  meeting: {
    held_at: Date | null;
    venue: string;
    chair_name: string | null;
    attendance_decided_at: Date | null;
    child_attends: boolean | null;
    parents_attend: boolean | null;
    attendance_reasons: string | null;
    who_will_inform: string | null;
    decisions_summary: string | null;
    parents_told: boolean | null;
    parents_told_what: string | null;
    parents_told_by: string | null;
    parents_exception_reason: string | null;
    key_name: string | null;
    review_date: string | null;
  };
  otherCases: readonly string[];
  invitees: readonly { who: string; agency_name: string | null; roleLabel: string; attendanceLabel: string }[];
  purposes: readonly { label: string }[];
  outcomes: readonly { label: string }[];
  information: readonly { item: string; sharingLabel: string; author_name: string | null; agency_name: string | null }[];
  disagreements: readonly { text: string; escalated: boolean; escalated_to: string | null }[];
  actions: readonly { title: string; desired_outcome: string; owner_name: string | null; agency_name: string | null; due_date: string; status: string; completion_evidence: string | null }[];
  criminalJustice: Record<string, unknown> | null;
};

/** The standard PDF fonts encode WinAnsi only: anything else is shown as '?' rather than as the wrong letter. */
export function pdfSafe(value: string | null | undefined): string {
  return (value ?? '').replace(/[^\n\t\x20-\x7e\xa0-\xff‘’“”–—…•€]/gu, '?');
}

export function minutesPdf(model: MinutesPdfModel): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: pdfSafe(`Minutes: ${model.typeLabel} – ${model.reference}`), Author: 'Harbour', Subject: 'Meeting minutes' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    const marking = () => doc.font('Helvetica').fontSize(8).fillColor('#505a5f').text('OFFICIAL-SENSITIVE. Minutes: hold securely within your agency. Do not forward.', { align: 'right' }).fillColor('black').moveDown(0.5);
    doc.on('pageAdded', marking);
    marking();

    const heading = (text: string) => doc.moveDown(0.6).font('Helvetica-Bold').fontSize(13).text(pdfSafe(text)).moveDown(0.2);
    const para = (text: string) => doc.font('Helvetica').fontSize(10).text(pdfSafe(text)).moveDown(0.2);
    const field = (key: string, value: string) => {
      doc.font('Helvetica-Bold').fontSize(10).text(pdfSafe(`${key}: `), { continued: true }).font('Helvetica').text(pdfSafe(value));
    };
    const bullets = (items: readonly string[], empty?: string) => {
      if (!items.length) {
        if (empty) para(empty);
        return;
      }
      doc.font('Helvetica').fontSize(10).list(items.map(pdfSafe), { bulletRadius: 1.5, textIndent: 10 });
      doc.moveDown(0.2);
    };

    const m = model.meeting;
    doc.font('Helvetica-Bold').fontSize(18).text(pdfSafe(model.typeLabel)).moveDown(0.3);
    field('Child', `${model.childName} (${model.reference})`);
    field('Also about', model.otherCases.length ? model.otherCases.join(', ') : 'No other child');
    field('Held', m.held_at ? formatDateTime(m.held_at) : 'Not recorded');
    field('Venue', m.venue);
    field('Chair', m.chair_name ?? 'Not named');

    heading('Present and apologies');
    bullets(model.invitees.map((i) => `${i.who}${i.agency_name ? `, ${i.agency_name}` : ''}. ${i.roleLabel}. ${i.attendanceLabel}`));
    if (m.attendance_decided_at) {
      para(`Family attendance: the child ${m.child_attends ? 'attended' : 'did not attend'}; the parents or carers ${m.parents_attend ? 'attended' : 'did not attend'}. Chair’s reasons: ${m.attendance_reasons ?? ''}${m.who_will_inform ? ` Who tells them the outcome: ${m.who_will_inform}` : ''}`);
    }
    if (model.purposes.length) {
      heading('Purposes addressed');
      bullets(model.purposes.map((p) => p.label));
    }
    heading('Information shared');
    bullets(model.information.map((i) => `${i.item} (${i.sharingLabel}; ${i.author_name ?? 'unknown'}, ${i.agency_name ?? ''})`), 'None that you may see.');
    heading('Outcomes and decisions');
    bullets(model.outcomes.map((o) => o.label));
    if (m.decisions_summary) para(m.decisions_summary);
    const cj = model.criminalJustice;
    if (cj) {
      para(`Criminal justice action against the child was agreed. Diversion failed: ${cj.diversionFailed ? 'yes' : 'no'}. Age and vulnerability: ${String(cj.ageAndVulnerability ?? '')}. Genuinely voluntary: ${cj.genuinelyVoluntary ? 'yes' : 'no'}. The child understands: ${cj.childUnderstands ? 'yes' : 'no'}.`);
    }
    if (model.disagreements.length) {
      heading('Disagreements');
      bullets(model.disagreements.map((d) => `${d.text}${d.escalated ? ` (escalated${d.escalated_to ? ` to ${d.escalated_to}` : ''})` : ''}`));
    }
    heading('Parents');
    para(m.parents_told ? `The parents will be told: ${m.parents_told_what ?? ''}, by ${m.parents_told_by ?? ''}.` : `The parents will not be told at this point. Reasons: ${m.parents_exception_reason ?? ''}`);
    field('Key professional', m.key_name ?? 'Not nominated at this meeting');
    field('Review date', m.review_date ? formatDate(m.review_date) : 'None');

    heading('Action plan');
    bullets(
      model.actions.map((a) => {
        const status = a.status === 'open' ? 'Open' : a.status === 'done' ? `Done${a.completion_evidence ? `: ${a.completion_evidence}` : ''}` : 'Cancelled';
        return `${a.title}. Who: ${a.owner_name ?? a.agency_name ?? 'not recorded'}. By ${formatDate(a.due_date)}.${a.desired_outcome ? ` Desired outcome: ${a.desired_outcome}.` : ''} ${status}.`;
      }),
      'No actions.',
    );
    doc.end();
  });
}
