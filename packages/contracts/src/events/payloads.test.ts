import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, eventCatalog } from '../catalog.js';
import { MAX_TEXT_LENGTH } from '../primitives.js';
import { shapeFixtures } from '../testing/fixtures.js';
import { hasIssueAt, issuePaths } from '../testing/issues.js';
import { missingRequired, removals, wrongTypes } from '../testing/mutations.js';
import { REMOVE, TIMESTAMP, UUIDS, dotted, mutate } from '../testing/samples.js';
import { voteSubmitted } from './vote.js';

const voteBase = { pollId: UUIDS[0], participantId: UUIDS[1], submittedAt: TIMESTAMP };

describe('payload fixtures', () => {
  it('cover every event of the catalog and every shape of each', () => {
    const covered = new Set(shapeFixtures.map((f) => `${f.event}/${f.scope}`));
    const shapes = EVENT_NAMES.flatMap((name) => Object.keys(eventCatalog[name].scopes).map((s) => `${name}/${s}`));
    expect(covered).toEqual(new Set(shapes));
  });

  it('counts text length in code points, as JSON Schema does', () => {
    const text = (textResponse: string) => ({ ...voteBase, voteData: { textResponse } });
    expect(voteSubmitted.safeParse(text('😀'.repeat(MAX_TEXT_LENGTH))).success).toBe(true);
    expect(voteSubmitted.safeParse(text('😀'.repeat(MAX_TEXT_LENGTH + 1))).success).toBe(false);
  });
});

describe.each(shapeFixtures.map((f) => [f.id, f] as const))('%s payload', (_id, fixture) => {
  it('accepts the payload built from the catalog field list', () => {
    const result = fixture.schema.safeParse(fixture.valid);
    expect(result.error?.issues).toBeUndefined();
    expect(result.success).toBe(true);
  });

  it('accepts the payload with the catalog fields only (additions are optional)', () => {
    const catalogOnly = Object.fromEntries(
      Object.entries(fixture.valid).filter(([k]) => !fixture.additions.includes(k)),
    );
    expect(fixture.schema.safeParse(catalogOnly).success).toBe(true);
  });

  it('requires exactly the catalog fields: each required one removed is rejected at its path', () => {
    for (const { path, required } of removals(fixture.valid, fixture.optional)) {
      const result = fixture.schema.safeParse(mutate(fixture.valid, path, REMOVE));
      if (!required) {
        expect(result.success, `${dotted(path)} should be optional`).toBe(true);
        continue;
      }
      expect(result.success, `${dotted(path)} should be required`).toBe(false);
      const paths = JSON.stringify(issuePaths(result.error!.issues));
      expect(hasIssueAt(result.error!.issues, path), `${dotted(path)}: ${paths}`).toBe(true);
    }
    expect(missingRequired(fixture.valid, fixture.optional).length).toBeGreaterThan(0);
  });

  it('rejects each field of the wrong type, at its path', () => {
    for (const sample of wrongTypes(fixture.valid)) {
      const result = fixture.schema.safeParse(mutate(fixture.valid, sample.path, sample.value));
      expect(result.success, sample.name).toBe(false);
      expect(
        hasIssueAt(result.error!.issues, sample.path),
        `${sample.name}: ${JSON.stringify(issuePaths(result.error!.issues))}`,
      ).toBe(true);
    }
  });

  it.each(fixture.invalid.map((c) => [c.name, c] as const))('rejects %s', (_name, sample) => {
    const result = fixture.schema.safeParse(mutate(fixture.valid, sample.path, sample.value));
    expect(result.success).toBe(false);
    const expected = sample.expectPath ?? sample.path;
    expect(hasIssueAt(result.error!.issues, expected), JSON.stringify(issuePaths(result.error!.issues))).toBe(true);
  });
});
