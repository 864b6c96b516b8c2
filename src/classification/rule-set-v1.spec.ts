import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_SET_V1_AS_SEEDED } from '../../migrations/1795500000000-Incidents';
import { withRetentionDefaults } from '../../migrations/1796560000000-PersonalDataRetention';
import { ARTICLE_158_1_V1 } from './rule-set-v1';

const MIGRATION = join(__dirname, '../../migrations/1795500000000-Incidents.ts');

describe('rule set v1', () => {
  it('is seeded by a migration that holds its own frozen copy of the definition', () => {
    expect(readFileSync(MIGRATION, 'utf8')).not.toMatch(/from '\.\.\/src\//);
    expect(RULE_SET_V1_AS_SEEDED).toBeDefined();
  });

  // Version 1 is published law: a change to it is a new version added through the API, never an
  // edit that a fresh install would silently pick up while existing ones keep the old text.
  it('still equals what every installation was seeded with, retention periods added by migration', () => {
    expect(ARTICLE_158_1_V1).toEqual(withRetentionDefaults(RULE_SET_V1_AS_SEEDED));
  });
});
