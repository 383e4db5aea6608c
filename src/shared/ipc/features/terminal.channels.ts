export const terminalChannels = ['terminal.info', 'terminal.configure', 'system.status'] as const;
export const terminalEvents = ['terminal.changed'] as const;
