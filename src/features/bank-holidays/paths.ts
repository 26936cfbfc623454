// Typed URL builders for the bank holidays page.
export const bankHolidaysPaths = {
  list: () => '/admin/bank-holidays',
};
