// A route parameter that names a record must be an id (src/platform/web/record-ids.ts): which parameters those are.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isRecordId, recordIdParameters } from '../../../src/platform/web/record-ids.ts';

describe('record ids in routes', () => {
  test('a uuid is an id; the right length of dashes, a reference or markup is not', () => {
    assert.equal(isRecordId('0b7c5e0a-3f1d-4c1e-9a51-2f6d3c8e4b21'), true);
    assert.equal(isRecordId('0B7C5E0A-3F1D-4C1E-9A51-2F6D3C8E4B21'), true);
    for (const value of ['-'.repeat(36), 'a'.repeat(36), 'CSE-0001', '<b>', '0b7c5e0a-3f1d-4c1e-9a51-2f6d3c8e4b21\u0000', undefined, 42]) assert.equal(isRecordId(value), false, String(value));
  });

  test(':id and every :<something>Id name a record; a local authority is named by its code, and other parameters are not ids', () => {
    assert.deepEqual(recordIdParameters('/cases/:caseId/meetings/:meetingId'), ['caseId', 'meetingId']);
    assert.deepEqual(recordIdParameters('/subject-access/:id/items/:itemId'), ['id', 'itemId']);
    assert.deepEqual(recordIdParameters('/admin/local-authorities/:authorityId/profile'), []);
    assert.deepEqual(recordIdParameters('/cases/:caseId/mentions/:recordType/:recordId'), ['caseId', 'recordId']);
    assert.deepEqual(recordIdParameters('/cases/:caseId/plans/:planId/versions/:version'), ['caseId', 'planId']);
  });
});
