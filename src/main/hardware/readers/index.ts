export * from './types';
export * from './config';
export { Framer, type FramerOptions, type FramerOutput } from './framer';
export { serialSettings, checkTextFrame, stripAffixes, terminatorBytes, type SerialOpenOptions, type SerialSettings } from './serial-settings';
export { createSystemSerialOpener, classifyOpenError, type SerialConnection, type SerialOpener } from './serial-transport';
export { createSerialReader, type SerialReaderDeps } from './serial-reader';
export { createHidReader, findHidDevice, type HidReaderDeps } from './hid-reader';
export {
  createBurstDetector,
  defaultBurstOptions,
  type BurstDetector,
  type BurstDetectorOptions,
  type BurstOutcome,
  type BurstRejection,
} from './burst-detector';
export { createWedgeReader, type WedgeReader, type WedgeReaderDeps } from './wedge-reader';
export { createSimulatedReader, type SimulatedReader, type SimulatedReaderDeps } from './simulated-reader';
export { createReaderService, type ApplyResult, type ReaderInfo, type ReaderService, type ReaderServiceDeps, type ReaderServiceEvent } from './service';
