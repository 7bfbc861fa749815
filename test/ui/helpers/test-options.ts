/** ScanOptions for UI tests: loopback, the bundled services file, ports as given. */
import { defaultScanOptions, type ScanOptions } from '../../../src/engine/scan-options.js';
import { loadServices } from '../../../src/engine/services.js';
import type { ProbeKey, Transport } from '../../../src/engine/types.js';

const services = loadServices();

export function tcpPorts(from: number, to: number, protocol: Transport = 'tcp'): ProbeKey[] {
  return Array.from({ length: to - from + 1 }, (_, i) => ({ protocol, port: from + i }));
}

export function testOptions(probes: ProbeKey[], host = '127.0.0.1'): ScanOptions {
  return defaultScanOptions(host, probes, services);
}
