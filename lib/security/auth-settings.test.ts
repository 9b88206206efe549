import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { authSettings, AuthSettingsError } from './auth-settings';

describe('RBAC_ATLAS_AUTH', () => {
  test('unset, blank or none: no sign-in; token: sign-in; the cache 30 s unless set', () => {
    assert.deepEqual(authSettings({}), { mode: 'none', cacheSeconds: 30 });
    assert.deepEqual(authSettings({ RBAC_ATLAS_AUTH: ' ' }), { mode: 'none', cacheSeconds: 30 });
    assert.deepEqual(authSettings({ RBAC_ATLAS_AUTH: 'none' }), { mode: 'none', cacheSeconds: 30 });
    assert.deepEqual(authSettings({ RBAC_ATLAS_AUTH: 'token', RBAC_ATLAS_AUTH_CACHE_SECONDS: '0' }), {
      mode: 'token',
      cacheSeconds: 0,
    });
    assert.equal(authSettings({ RBAC_ATLAS_AUTH: 'token', RBAC_ATLAS_AUTH_CACHE_SECONDS: '3600' }).cacheSeconds, 3600);
  });

  test('anything else is an error naming the variable and its values, never a fall back to none', () => {
    for (const value of ['Token', 'oidc', 'true', 'token\u0000'])
      assert.throws(
        () => authSettings({ RBAC_ATLAS_AUTH: value }),
        (e: unknown) =>
          e instanceof AuthSettingsError &&
          /RBAC_ATLAS_AUTH is ".*": it must be one of none, token/.test(e.message) &&
          !/[\u0000]/.test(e.message),
      );
    for (const value of ['-1', '3601', '1.5', 'ten', '1e3'])
      assert.throws(
        () => authSettings({ RBAC_ATLAS_AUTH: 'token', RBAC_ATLAS_AUTH_CACHE_SECONDS: value }),
        /RBAC_ATLAS_AUTH_CACHE_SECONDS must be a whole number of seconds from 0 to 3600/,
      );
  });
});
