import { ARTICLE_158_1_V1 } from '../classification/rule-set-v1';
import { alertTerms, planAlerts, planEscalation, planSosAlerts, sosTerms } from './alert-plan';

const NOW = new Date('2026-03-14T02:40:00+05:00');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const definition = ARTICLE_158_1_V1;

describe('alert terms', () => {
  it.each([
    ['assault_multiple', 1, 2],
    ['assault_emergency', 2, 5],
    ['assault', 3, 5],
    ['threat', 4, 15],
  ])('%s: priority %i, acknowledged within %i minutes', (category, priority, minutes) => {
    expect(alertTerms(definition, category, NOW, 1)).toEqual({
      priority,
      deadlineAt: at(minutes),
    });
  });

  it('scales the deadline for drills', () => {
    expect(alertTerms(definition, 'threat', NOW, 0.1).deadlineAt).toEqual(at(1.5));
  });

  it('falls back to five minutes and the gravest priority for a category the rule set lacks', () => {
    expect(alertTerms(definition, 'unknown', NOW, 1)).toEqual({ priority: 1, deadlineAt: at(5) });
  });
});

describe('planning the alerts of a report', () => {
  it.each([
    [
      'the posts covering the facility',
      { coveringPosts: ['p2', 'p1'], regionDutyDesk: 'd', nationalDesk: 'n' },
      'facility_posts',
      ['p1', 'p2'],
    ],
    [
      "else the region's duty desk",
      { coveringPosts: [], regionDutyDesk: 'd', nationalDesk: 'n' },
      'region_duty_desk',
      ['d'],
    ],
    [
      'else the national desk',
      { coveringPosts: [], regionDutyDesk: null, nationalDesk: 'n' },
      'national_desk',
      ['n'],
    ],
    ['else no one', { coveringPosts: [], regionDutyDesk: null, nationalDesk: null }, 'none', []],
  ])('%s', (_name, routing, via, posts) => {
    const plan = planAlerts(routing, definition, 'assault', NOW, 1);
    expect(plan.via).toBe(via);
    expect(plan.alerts).toEqual(
      posts.map((postId) => ({
        postId,
        escalationLevel: 0,
        raisedAt: NOW,
        priority: 3,
        deadlineAt: at(5),
      })),
    );
  });
});

describe('planning an escalation', () => {
  const ladder = {
    postId: 'p1',
    level: 0,
    alerted: [{ postId: 'p1', alertId: 'a1' }],
    regionDutyDesk: 'd',
    nationalDesk: 'n',
  };

  it('raises a new alert one level up on the terms of the current category, counted from now', () => {
    expect(planEscalation(ladder, definition, 'assault_multiple', NOW, 1)).toEqual({
      kind: 'raise',
      alert: { postId: 'd', escalationLevel: 1, raisedAt: NOW, priority: 1, deadlineAt: at(2) },
    });
  });

  it('joins the alert the next rung already holds', () => {
    const joined = planEscalation(
      { ...ladder, alerted: [...ladder.alerted, { postId: 'd', alertId: 'ad' }] },
      definition,
      'assault',
      NOW,
      1,
    );
    expect(joined).toEqual({ kind: 'join', postId: 'd', escalationLevel: 1, alertId: 'ad' });
  });

  it('ends past the national desk', () => {
    expect(planEscalation({ ...ladder, level: 2 }, definition, 'assault', NOW, 1)).toEqual({
      kind: 'end',
    });
  });
});

describe('SOS terms', () => {
  it('holds an SOS to priority 1 and the shortest deadline of the rule set', () => {
    expect(sosTerms(definition, NOW, 1)).toEqual({ priority: 1, deadlineAt: at(2) });
  });

  it('scales the deadline for drills', () => {
    expect(sosTerms(definition, NOW, 0.5).deadlineAt).toEqual(at(1));
  });

  it('plans one alert per post on those terms', () => {
    const plan = planSosAlerts(
      { coveringPosts: ['p1'], regionDutyDesk: 'd', nationalDesk: 'n', ambulanceTeam: true },
      definition,
      NOW,
      1,
    );
    expect(plan).toEqual({
      via: 'region_duty_desk',
      alerts: [{ postId: 'd', escalationLevel: 0, raisedAt: NOW, priority: 1, deadlineAt: at(2) }],
    });
  });

  it('escalates an SOS on the same terms, counted from now', () => {
    const ladder = {
      postId: 'p1',
      level: 0,
      alerted: [{ postId: 'p1', alertId: 'a1' }],
      regionDutyDesk: 'd',
      nationalDesk: 'n',
    };
    expect(planEscalation(ladder, definition, null, NOW, 1)).toEqual({
      kind: 'raise',
      alert: { postId: 'd', escalationLevel: 1, raisedAt: NOW, priority: 1, deadlineAt: at(2) },
    });
  });
});
