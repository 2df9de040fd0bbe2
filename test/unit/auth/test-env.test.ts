import { expect, it } from 'vitest';

it('tests run with credential discovery kept on this machine (vitest.config.ts)', () => {
  expect(process.env.AWS_EC2_METADATA_DISABLED).toBe('true');
  expect(process.env.GCE_METADATA_HOST).toBe('127.0.0.1:9');
});
