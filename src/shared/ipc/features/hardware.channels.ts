export const hardwareChannels = ['hardware.listSerialPorts'] as const;
export const hardwareEvents = [] as const;
