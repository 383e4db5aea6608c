export const progressChannels = [] as const;
export const progressEvents = ['progress'] as const;
