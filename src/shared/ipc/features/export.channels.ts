export const exportChannels = ['export.borrowerList'] as const;
