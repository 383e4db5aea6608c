import type { ModbusRelayConfig } from '../config';
import { RelayError } from '../errors';
import { hex } from '../protocol/bytes';
import {
  decodeReadCoils,
  describeModbusException,
  encodeReadCoils,
  encodeReadDiscreteInputs,
  encodeWriteSingleCoil,
  isWriteCoilEcho,
  MODBUS_BROADCAST,
  MODBUS_READ_COILS,
  MODBUS_READ_DISCRETE_INPUTS,
  MODBUS_WRITE_SINGLE_COIL,
  modbusSilenceMs,
  parseModbusReply,
  type ModbusReply,
} from '../protocol/modbus';
import type { SerialIo, SerialProtocol } from './serial-relay';

type ModbusOptions = Pick<ModbusRelayConfig, 'slave' | 'coilBase' | 'channels' | 'responseTimeoutMs' | 'retries'> & {
  port: Pick<ModbusRelayConfig['port'], 'baudRate'>;
};

/** Modbus RTU coils: channel n is coil coilBase + n - 1 on `slave`. */
export function modbusProtocol(config: ModbusOptions): SerialProtocol {
  const { slave, coilBase, channels, responseTimeoutMs, retries } = config;
  const silenceMs = modbusSilenceMs(config.port.baudRate);

  /** Sends `request`, retrying timeouts and garbled replies; exception replies are final. */
  async function transact(io: SerialIo, request: Uint8Array, fn: number): Promise<Uint8Array> {
    let lastError: RelayError | undefined;
    for (let attempt = 0; attempt <= retries; attempt++) {
      let reply: ModbusReply;
      await io.pause(silenceMs); // the slave's previous reply must be over before the next request
      try {
        reply = await io.request(request, (buffer) => parseModbusReply(buffer, slave, fn), responseTimeoutMs);
      } catch (error) {
        if (error instanceof RelayError && error.code === 'timeout') {
          lastError = error;
          continue;
        }
        throw error;
      }
      if (reply.kind === 'exception') {
        throw new RelayError('exception', `Modbus slave ${slave} answered ${hex(request)} with exception ${describeModbusException(reply.code)}`);
      }
      return reply.frame;
    }
    throw lastError ?? new RelayError('timeout', `Modbus slave ${slave} did not answer`);
  }

  return {
    kind: 'modbus-rtu',
    channels,
    async set(io, channel, on) {
      const request = encodeWriteSingleCoil(slave, coilBase + channel - 1, on);
      if (slave === MODBUS_BROADCAST) {
        await io.pause(silenceMs);
        await io.write(request);
        // Slaves act on a broadcast without replying; give them their turnaround before the next frame.
        await io.pause(Math.max(silenceMs, 100));
        return;
      }
      const reply = await transact(io, request, MODBUS_WRITE_SINGLE_COIL);
      if (!isWriteCoilEcho(reply, request)) {
        throw new RelayError('protocol', `Modbus slave ${slave} answered ${hex(reply)} instead of echoing ${hex(request)}`);
      }
    },
    ...(slave === MODBUS_BROADCAST
      ? {}
      : {
          async read(io: SerialIo) {
            const reply = await transact(io, encodeReadCoils(slave, coilBase, channels), MODBUS_READ_COILS);
            const states = decodeReadCoils(reply, channels);
            if (!states) throw new RelayError('protocol', `Modbus read coils reply ${hex(reply)} does not hold ${channels} coils`);
            return states;
          },
          async readInputs(io: SerialIo, address: number, count: number) {
            const reply = await transact(io, encodeReadDiscreteInputs(slave, address, count), MODBUS_READ_DISCRETE_INPUTS);
            const states = decodeReadCoils(reply, count);
            if (!states) throw new RelayError('protocol', `Modbus read inputs reply ${hex(reply)} does not hold ${count} inputs`);
            return states;
          },
        }),
  };
}
