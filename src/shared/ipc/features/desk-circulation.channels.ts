/** Circulation at the desk (issue 11): the borrower page, loans on the borrower's behalf, blocks and PIN lockouts. */
export const deskCirculationChannels = [
  'desk.borrowerPage',
  'desk.revealIdentity',
  'desk.checkout',
  'desk.checkin',
  'desk.renew',
  'desk.block',
  'desk.unblock',
  'desk.unlockPin',
] as const;
export const deskCirculationEvents = [] as const;
