export * from './known-devices';
export { discoverDevices, listHidDevices, listSerialDevices, parseUsbId, type DiscoveredDevice, type DiscoverySources } from './discovery';
export { createHotplugWatcher, type HotplugEvent, type HotplugWatcher, type HotplugWatcherDeps } from './watcher';
