export const kioskChannels = [
  'kiosk.session',
  'kiosk.identify',
  'kiosk.pin',
  'kiosk.account',
  'kiosk.checkout',
  'kiosk.checkin',
  'kiosk.renew',
  'kiosk.receipt',
  'kiosk.end',
  'kiosk.staffExit',
  'kiosk.doorPin',
  'kiosk.settings',
  'kiosk.rfid',
] as const;
export const kioskEvents = ['kiosk.sessionChanged', 'kiosk.refused', 'kiosk.door', 'kiosk.announcement', 'kiosk.rfidItem'] as const;
