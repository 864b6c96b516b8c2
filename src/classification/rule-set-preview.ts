import { classify, Classification } from './classifier';
import { RuleSetDefinition } from './rule-set.types';

/** A report's facts as the classifier weighs them: what a preview sample describes. */
export interface SampleFacts {
  label?: string;
  kind: string;
  victims: Array<{ role: string; injury: string }>;
  perpetratorCount: number;
  duringStateOfEmergency: boolean;
}

export interface SampleOutcome {
  sample: SampleFacts;
  draft: Classification;
  /** Under the rule set in force now; null when none is. */
  current: Classification | null;
  /** The draft gives another category or maximum penalty than the set in force. */
  changed: boolean;
}

const one = (role: string, injury: string) => ({ role, injury });

/**
 * Reports an operator would check a new version against: one per category of Article 158-1 as
 * proposed, and the borders between them (a weapon without violence, a non-medical victim, an
 * emergency with a threat only).
 */
export const SAMPLE_REPORTS: readonly SampleFacts[] = [
  {
    label: 'verbal threat to a nurse',
    kind: 'verbal_threat',
    victims: [one('nurse', 'none')],
    perpetratorCount: 1,
    duringStateOfEmergency: false,
  },
  {
    label: 'threat with a knife to a doctor',
    kind: 'threat_with_weapon',
    victims: [one('doctor', 'none')],
    perpetratorCount: 1,
    duringStateOfEmergency: false,
  },
  {
    label: 'a patient strikes a doctor',
    kind: 'physical_assault',
    victims: [one('doctor', 'minor')],
    perpetratorCount: 1,
    duringStateOfEmergency: false,
  },
  {
    label: 'an ambulance driver assaulted with a weapon',
    kind: 'assault_with_weapon',
    victims: [one('driver', 'moderate')],
    perpetratorCount: 2,
    duringStateOfEmergency: false,
  },
  {
    label: 'an assault on a paramedic during a state of emergency',
    kind: 'physical_assault',
    victims: [one('paramedic', 'moderate')],
    perpetratorCount: 1,
    duringStateOfEmergency: true,
  },
  {
    label: 'a threat during a state of emergency',
    kind: 'verbal_threat',
    victims: [one('feldsher', 'none')],
    perpetratorCount: 1,
    duringStateOfEmergency: true,
  },
  {
    label: 'relatives attack a doctor and two nurses',
    kind: 'physical_assault',
    victims: [one('doctor', 'severe'), one('nurse', 'minor'), one('nurse', 'minor')],
    perpetratorCount: 3,
    duringStateOfEmergency: false,
  },
];

function outcome(sample: SampleFacts, definition: RuleSetDefinition): Classification {
  return classify(
    {
      kind: sample.kind,
      victims: sample.victims,
      perpetratorCount: sample.perpetratorCount,
      duringStateOfEmergency: sample.duringStateOfEmergency,
      emergencySource: sample.duringStateOfEmergency ? 'reported' : 'none',
    },
    definition,
  );
}

const samePenalty = (a: Classification, b: Classification) =>
  a.maxPenalty.kind === b.maxPenalty.kind &&
  (a.maxPenalty.years ?? null) === (b.maxPenalty.years ?? null);

/**
 * How each sample would be classified under a draft definition and under the one in force. The
 * draft must already have passed `checkDefinition`: the classifier trusts its references.
 */
export function previewRuleSet(
  draft: RuleSetDefinition,
  current: RuleSetDefinition | null,
  samples: readonly SampleFacts[] = SAMPLE_REPORTS,
): SampleOutcome[] {
  return samples.map((sample) => {
    const underDraft = outcome(sample, draft);
    const underCurrent = current ? outcome(sample, current) : null;
    return {
      sample,
      draft: underDraft,
      current: underCurrent,
      changed:
        underCurrent !== null &&
        (underCurrent.category !== underDraft.category || !samePenalty(underCurrent, underDraft)),
    };
  });
}
