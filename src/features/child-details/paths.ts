// Typed URL builders for the child's details recorded from their case.
export const nhsNumberPath = (caseId: string) => `/cases/${caseId}/nhs-number`;

export const childDetailsPaths = { nhsNumber: nhsNumberPath };
