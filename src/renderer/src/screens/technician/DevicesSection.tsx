import { useTranslation } from 'react-i18next';
import type { DiscoveredDeviceInfo } from '../../../../shared/ipc/contract';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useHardwareStore } from '../../stores/hardware';

export function usbId(value: number | undefined): string {
  return value === undefined ? '' : value.toString(16).padStart(4, '0');
}

/** The device kind in the page language, or discovery's English label for kinds we have no text for. */
export function useDeviceLabel(): (device: DiscoveredDeviceInfo) => string {
  const { t, i18n } = useTranslation();
  return (device) => {
    const key = `hardware.deviceKind.${device.kind}`;
    return i18n.exists(key) ? t(key, { channels: device.relayChannels ?? '' }) : device.label;
  };
}

/** Serial ports and HID devices plugged in now; hot-plug events update the lists live. */
export function DevicesSection() {
  const { t } = useTranslation();
  const devices = useHardwareStore((s) => s.devices);
  const loading = useHardwareStore((s) => s.devicesLoading);
  const error = useHardwareStore((s) => s.devicesError);
  const refresh = useHardwareStore((s) => s.refreshDevices);
  const label = useDeviceLabel();
  const serial = devices?.filter((d) => d.transport === 'serial') ?? [];
  const hid = devices?.filter((d) => d.transport === 'hid') ?? [];

  return (
    <section aria-labelledby="devices-title" className="technician-section">
      <h2 id="devices-title">{t('hardware.devices.title')}</h2>
      <p className="hint">{t('hardware.devices.hint')}</p>
      <button type="button" onClick={() => void refresh()} disabled={loading}>
        {t('technician.refresh')}
      </button>
      <ErrorMessage error={error} />

      <h3 id="serial-title">{t('technician.serialPorts')}</h3>
      {devices && serial.length === 0 && <p>{t('technician.noSerialPorts')}</p>}
      {serial.length > 0 && (
        <table aria-labelledby="serial-title" aria-busy={loading}>
          <thead>
            <tr>
              <th scope="col">{t('technician.column.path')}</th>
              <th scope="col">{t('technician.column.manufacturer')}</th>
              <th scope="col">{t('technician.column.vendorProduct')}</th>
              <th scope="col">{t('hardware.devices.kind')}</th>
            </tr>
          </thead>
          <tbody>
            {serial.map((device) => (
              <tr key={device.id} data-testid="serial-port">
                <td>
                  <code>{device.path}</code>
                </td>
                <td>{device.manufacturer ?? ''}</td>
                <td>{device.vendorId === undefined ? '' : `${usbId(device.vendorId)}:${usbId(device.productId)}`}</td>
                <td>{label(device)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3 id="hid-title">{t('hardware.devices.hid')}</h3>
      {devices && hid.length === 0 && <p>{t('hardware.devices.noHid')}</p>}
      {hid.length > 0 && (
        <table aria-labelledby="hid-title" aria-busy={loading}>
          <thead>
            <tr>
              <th scope="col">{t('hardware.devices.name')}</th>
              <th scope="col">{t('technician.column.vendorProduct')}</th>
              <th scope="col">{t('hardware.devices.kind')}</th>
              <th scope="col">{t('technician.column.path')}</th>
            </tr>
          </thead>
          <tbody>
            {hid.map((device) => (
              <tr key={device.id} data-testid="hid-device">
                <td>{[device.manufacturer, device.name].filter(Boolean).join(' ')}</td>
                <td>{`${usbId(device.vendorId)}:${usbId(device.productId)}`}</td>
                <td>{label(device)}</td>
                <td>
                  <code>{device.path}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
