/** The desk asking the central register itself (issue 11): the register-wide right-of-access export. */
export const deskRegisterChannels = ['desk.registerExport'] as const;
export const deskRegisterEvents = [] as const;
