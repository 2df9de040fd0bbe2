import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Credential discovery must never leave this machine: the AWS chain's instance-metadata probe
    // is off, and Google's metadata server is looked for on a closed loopback port. Tests that
    // exercise them start stand-ins on loopback and point these at them.
    // And the servers the tests start on loopback are reached directly even on a host whose
    // HTTPS_PROXY points elsewhere (partpush honours it; curl, whose rules it follows, does not
    // exempt loopback by itself). The proxy tests set these for themselves.
    env: {
      AWS_EC2_METADATA_DISABLED: 'true',
      GCE_METADATA_HOST: '127.0.0.1:9',
      NO_PROXY: 'localhost,127.0.0.1,::1',
      no_proxy: 'localhost,127.0.0.1,::1',
    },
    // All files, unit, integration and conformance, in one queue, two at a time: no test asserts a
    // wall time, a rate or an RSS (those live in `npm run bench`), and many mostly wait (a Complete
    // held 75 s, --bwlimit, third-party servers starting), so a second file fills the time one
    // leaves idle. More than two would fight over a 2-core machine's CPU.
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          // Pure code and single-thread shells, imported from src/ (vitest compiles TypeScript):
          // `npm run test:unit` is the edit loop, and it can never run a stale build.
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          // Worker threads, child processes and the CLI need compiled JavaScript (Node 20 cannot
          // load a .ts worker), so these import dist/, and the global setup builds it first.
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/helpers/build-dist.ts'],
          // They start real servers and push hundreds of MiB over loopback; a shared 2-core
          // machine needs generous limits, while each test still bounds its own work.
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // Third-party stores (moto, Swift, Ceph RGW, nghttpx), started once per file.
          name: 'conformance',
          include: ['test/conformance/**/*.test.ts'],
          globalSetup: ['test/helpers/build-dist.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
