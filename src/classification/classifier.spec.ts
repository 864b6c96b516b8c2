import { classify, IncidentFacts } from './classifier';
import { ARTICLE_158_1_V1 } from './rule-set-v1';
import { RuleSetDefinition } from './rule-set.types';

const V1 = ARTICLE_158_1_V1;

const victim = (role: string, injury = 'minor') => ({ role, injury });
const facts = (over: Partial<IncidentFacts>): IncidentFacts => ({
  kind: 'physical_assault',
  victims: [victim('doctor')],
  perpetratorCount: 1,
  duringStateOfEmergency: false,
  emergencySource: 'none',
  ...over,
});

describe('Article 158-1 classifier (rule set v1)', () => {
  it.each<[string, Partial<IncidentFacts>, string, number, string[]]>([
    ['a verbal threat', { kind: 'verbal_threat' }, 'threat', 2, ['physicalViolence']],
    ['a threat with a weapon', { kind: 'threat_with_weapon' }, 'threat', 2, ['physicalViolence']],
    [
      'verbal threats to several workers',
      { kind: 'verbal_threat', victims: [victim('doctor'), victim('nurse')] },
      'threat',
      2,
      ['physicalViolence'],
    ],
    [
      'a threat during an emergency',
      { kind: 'verbal_threat', duringStateOfEmergency: true, emergencySource: 'recorded' },
      'threat',
      2,
      ['physicalViolence'],
    ],
    ['an assault on one doctor', {}, 'assault', 7, ['physicalViolence']],
    [
      'an assault with a weapon on one nurse',
      { kind: 'assault_with_weapon', victims: [victim('nurse', 'severe')] },
      'assault',
      7,
      ['physicalViolence'],
    ],
    [
      'an assault on a paramedic and the driver',
      { victims: [victim('paramedic'), victim('driver')] },
      'assault',
      7,
      ['physicalViolence'],
    ],
    [
      'an assault during an emergency',
      { duringStateOfEmergency: true, emergencySource: 'reported' },
      'assault_emergency',
      10,
      ['physicalViolence', 'duringStateOfEmergency', 'gravest'],
    ],
    [
      'an assault on two doctors',
      { victims: [victim('doctor'), victim('doctor')] },
      'assault_multiple',
      15,
      ['physicalViolence', 'medicalWorkerVictims', 'gravest'],
    ],
    [
      'an assault on a feldsher and a nurse with a weapon',
      { kind: 'assault_with_weapon', victims: [victim('feldsher'), victim('nurse')] },
      'assault_multiple',
      15,
      ['physicalViolence', 'medicalWorkerVictims', 'gravest'],
    ],
    [
      'an assault on three workers during an emergency (graver wins)',
      {
        victims: [victim('doctor'), victim('nurse'), victim('orderly')],
        duringStateOfEmergency: true,
        emergencySource: 'recorded',
      },
      'assault_multiple',
      15,
      ['physicalViolence', 'medicalWorkerVictims', 'gravest'],
    ],
  ])('classifies %s', (_name, over, category, years, reasonFacts) => {
    const result = classify(facts(over), V1);
    expect(result.category).toBe(category);
    expect(result.maxPenalty.years).toBe(years);
    expect(result.reasons.map((r) => r.fact)).toEqual(reasonFacts);
  });

  it.each<[string, Partial<IncidentFacts>, string, string[]]>([
    [
      'an assault on one nurse whose event counts a doctor too',
      {
        victims: [victim('nurse')],
        event: { references: ['INC-2026-000001', 'INC-2026-000002'], medicalWorkers: 2 },
      },
      'assault_multiple',
      ['physicalViolence', 'medicalWorkerVictims', 'gravest', 'event'],
    ],
    [
      'an assault on two nurses reported twice, one person counted once',
      {
        victims: [victim('nurse')],
        event: { references: ['INC-2026-000001', 'INC-2026-000002'], medicalWorkers: 1 },
      },
      'assault',
      ['physicalViolence', 'event'],
    ],
    [
      'a threat in an event of several workers',
      {
        kind: 'verbal_threat',
        event: { references: ['INC-2026-000001', 'INC-2026-000002'], medicalWorkers: 3 },
      },
      'threat',
      ['physicalViolence', 'event'],
    ],
  ])('classifies %s from the event’s facts', (_name, over, category, reasonFacts) => {
    const result = classify(facts(over), V1);
    expect(result.category).toBe(category);
    expect(result.reasons.map((r) => r.fact)).toEqual(reasonFacts);
  });

  it('says which reports of the event were counted', () => {
    const result = classify(
      facts({ event: { references: ['INC-2026-000001', 'INC-2026-000002'], medicalWorkers: 2 } }),
      V1,
    );
    expect(result.reasons.find((r) => r.fact === 'event')).toEqual({
      fact: 'event',
      value: { references: ['INC-2026-000001', 'INC-2026-000002'], medicalWorkers: 2 },
      message:
        'reports INC-2026-000001, INC-2026-000002 describe one event and were counted together: 2 distinct medical worker(s) harmed',
    });
    expect(result.reasons.find((r) => r.fact === 'medicalWorkerVictims')?.message).toBe(
      '2 distinct medical worker(s) were victims across the event’s reports',
    );
  });

  it('says which graver categories outranked the others', () => {
    const result = classify(
      facts({
        victims: [victim('doctor'), victim('nurse')],
        duringStateOfEmergency: true,
        emergencySource: 'recorded',
        emergencyDescription: 'flood regime',
      }),
      V1,
    );
    const gravest = result.reasons.find((r) => r.fact === 'gravest');
    expect(gravest?.value).toEqual(['assault_emergency', 'assault']);
  });

  it('explains a recorded emergency in the reasons', () => {
    const result = classify(
      facts({
        duringStateOfEmergency: true,
        emergencySource: 'recorded',
        emergencyDescription: 'Flood, Kostanay region',
      }),
      V1,
    );
    expect(result.reasons[1].message).toBe(
      'a state of emergency was in force (recorded: Flood, Kostanay region)',
    );
  });

  it('falls back to the default category when no rule matches', () => {
    const narrow: RuleSetDefinition = { ...V1, rules: [V1.rules[3]] };
    const result = classify(facts({}), narrow);
    expect(result).toMatchObject({ category: 'threat', reasons: [{ fact: 'fallback' }] });
  });

  it('follows a changed rule set without code changes', () => {
    const amended: RuleSetDefinition = {
      ...V1,
      categories: [
        ...V1.categories,
        {
          code: 'armed_threat',
          severity: 5,
          maxPenalty: { kind: 'imprisonment', years: 3 },
          ackDeadlineMinutes: 5,
          personalDataRetentionYears: 11,
        },
      ],
      rules: [
        ...V1.rules,
        {
          category: 'armed_threat',
          when: [
            { fact: 'weaponInvolved', op: 'eq', value: true },
            { fact: 'physicalViolence', op: 'eq', value: false },
          ],
        },
      ],
    };
    expect(classify(facts({ kind: 'threat_with_weapon' }), amended).category).toBe('armed_threat');
    expect(classify(facts({ kind: 'verbal_threat' }), amended).category).toBe('threat');
  });
});
