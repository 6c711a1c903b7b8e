/** KYSO_SMS_BATCH_GAP_MS and KYSO_SMS_BATCH_MAX: defaults, bounds, and both portals reading them. */
import { describe, expect, it } from 'vitest';
import { loadMinistryConfig } from '../../src/ministry/ministryConfig.js';
import { ConfigError, loadPortalConfig, smsBatchSettings } from '../../src/portal/config.js';

describe('SMS batching settings', () => {
  it('default to a 25 ms gap and 100 messages per request in both portals', () => {
    for (const limits of [loadPortalConfig({}).limits, loadMinistryConfig({}).limits])
      expect(smsBatchSettings(limits)).toEqual({ gapMs: 25, maxBatch: 100 });
  });

  it('are read from the environment by both portals, bounds included', () => {
    for (const [gap, max] of [
      ['0', '1'],
      ['1000', '100'],
      ['40', '20'],
    ] as const) {
      const env = { KYSO_SMS_BATCH_GAP_MS: gap, KYSO_SMS_BATCH_MAX: max };
      const expected = { gapMs: Number(gap), maxBatch: Number(max) };
      expect(smsBatchSettings(loadPortalConfig(env).limits)).toEqual(expected);
      expect(smsBatchSettings(loadMinistryConfig(env).limits)).toEqual(expected);
    }
  });

  it('refuse values outside 0–1000 ms and 1–100 messages, naming the variable', () => {
    for (const env of [
      { KYSO_SMS_BATCH_GAP_MS: '1001' },
      { KYSO_SMS_BATCH_GAP_MS: '-1' },
      { KYSO_SMS_BATCH_GAP_MS: '2.5' },
      { KYSO_SMS_BATCH_MAX: '0' },
      { KYSO_SMS_BATCH_MAX: '101' },
    ]) {
      const name = Object.keys(env)[0];
      for (const load of [loadPortalConfig, loadMinistryConfig]) {
        const e = (() => {
          try {
            load(env);
          } catch (x) {
            return x;
          }
          return undefined;
        })();
        expect(e).toBeInstanceOf(ConfigError);
        expect((e as ConfigError).variable).toBe(name);
      }
    }
  });
});
