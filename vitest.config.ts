import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start real servers and push hundreds of MiB over loopback; a shared 2-core
    // machine needs generous limits, while each test still bounds its own work.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Files run one at a time: each upload test wants both cores, and parallel files would turn
    // throughput-sensitive integration tests into a fight over the CPU.
    fileParallelism: false,
  },
});
