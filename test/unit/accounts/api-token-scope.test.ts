import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { caseIdOfApiPath, tokenRefusal } from '../../../src/domain/accounts/api-token-scope.ts';

const CASE = '0b6f3a4e-8f0c-4c57-9d61-2f3a1b5c7d90';
const OTHER = '5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('API token scope (issue 16)', () => {
  it('a read-only token may read, never write', () => {
    const token = { scope: 'read-only', caseIds: null } as const;
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'get']) assert.equal(tokenRefusal(token, method, '/api/v1/me'), null, method);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) assert.equal(tokenRefusal(token, method, '/api/v1/concerns')?.code, 'token-read-only', method);
  });
  it('a read-write token is limited by nothing but the person’s access', () => {
    assert.equal(tokenRefusal({ scope: 'read-write', caseIds: null }, 'POST', '/api/v1/concerns'), null);
  });
  it('a case-limited token opens its cases and no other, whatever the letter case of the path', () => {
    const token = { scope: 'read-write', caseIds: [CASE] } as const;
    assert.equal(tokenRefusal(token, 'GET', `/api/v1/cases/${CASE}`), null);
    assert.equal(tokenRefusal(token, 'GET', `/API/V1/CASES/${CASE.toUpperCase()}/clocks`), null);
    assert.equal(tokenRefusal(token, 'GET', `/api/v1/cases/${OTHER}`)?.code, 'token-case-limit');
    assert.equal(tokenRefusal(token, 'GET', `/api/v1/cases/${OTHER}/clocks`)?.code, 'token-case-limit');
    assert.equal(tokenRefusal(token, 'GET', '/api/v1/cases/not-a-case')?.code, 'token-case-limit');
    assert.equal(tokenRefusal(token, 'GET', '/api/v1/cases'), null, 'the list is filtered by the route instead');
    assert.equal(caseIdOfApiPath('/api/v1/my-referrals'), null);
  });
});
