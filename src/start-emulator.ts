import type { Emulator, EmulatorOptions } from './emulator/index.js';

/**
 * The emulator from the main entry, loaded only when called, so that importing partpush to upload
 * never loads it. `import { startEmulator } from 'partpush/emulator'` is the direct way.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await import('./emulator/index.js');
  return emulator.startEmulator(options);
}
