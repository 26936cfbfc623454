// Typed URL builders for correcting a meeting's minutes and deciding a cancelled meeting's actions. Called with
// ':caseId' and ':meetingId' they give the routes' Express patterns.
import { meetingsPaths } from '../meetings/paths.ts';

export const meetingCorrectionsPaths = {
  correct: (caseId: string, meetingId: string) => `${meetingsPaths.meeting(caseId, meetingId)}/correct`,
  cancelledActions: (caseId: string, meetingId: string) => `${meetingsPaths.meeting(caseId, meetingId)}/cancelled-actions`,
};
