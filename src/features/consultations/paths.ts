// Typed URL builders for anonymous consultations (no personal data in any of them).
export type ConsultationNotice = 'asked' | 'answered' | 'attached';

export const consultationsPaths = {
  list: () => '/consultations',
  new: () => '/consultations/new',
  consultation: (consultationId: string) => `/consultations/${consultationId}`,
  done: (consultationId: string, notice: ConsultationNotice) => `/consultations/${consultationId}?done=${notice}`,
  answer: (consultationId: string) => `/consultations/${consultationId}/answer`,
  attach: (consultationId: string) => `/consultations/${consultationId}/attach`,
  api: (consultationId: string) => `/api/v1/consultations/${consultationId}`,
};
