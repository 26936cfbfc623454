// Typed URL builders for the disclosure scheme's applications (no personal data in any of them).
const PATH = '/disclosure-scheme';

export const disclosureSchemePaths = {
  list: () => PATH,
  new: () => `${PATH}/new`,
  application: (applicationId: string) => `${PATH}/${applicationId}`,
  /** The application with what was just done said above it. */
  done: (applicationId: string, notice: string) => `${PATH}/${applicationId}?done=${notice}`,
  decision: (applicationId: string) => `${PATH}/${applicationId}/decision`,
  disclosure: (applicationId: string) => `${PATH}/${applicationId}/disclosure`,
  api: (applicationId: string) => `/api/v1/disclosure-scheme/${applicationId}`,
};
