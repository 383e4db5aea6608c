export const syncChannels = ['sync.status', 'sync.enrol', 'sync.now'] as const;
export const syncEvents = ['sync.status'] as const;
