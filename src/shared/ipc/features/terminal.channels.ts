export const terminalChannels = ['terminal.info', 'terminal.configure', 'system.status', 'technician.status', 'technician.login', 'technician.logout'] as const;
export const terminalEvents = ['terminal.changed'] as const;
