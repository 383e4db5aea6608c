export const progressChannels = ['progress.cancel'] as const;
export const progressEvents = ['progress'] as const;
