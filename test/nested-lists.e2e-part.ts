import { report } from './support/incidents';
import { bearer, startTestApp, TestApp } from './support/test-app';

/** A list where the contract expects a list of objects: the inner list is refused, never walked into. */
describe('lists inside lists of objects', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers 400 naming the field for a list in place of each object', async () => {
    const [nurse, admin] = await t.loginAll('nurse', 'admin');
    const answers = await Promise.all([
      t
        .http()
        .post('/api/v1/incidents')
        .set(bearer(nurse))
        .send(report({ victims: [[]] })),
      t
        .http()
        .post('/api/v1/incidents')
        .set(bearer(nurse))
        .send(report({ victims: [[{ role: 'nurse', injury: 'minor' }]] })),
      t
        .http()
        .post('/api/v1/classification/rule-sets')
        .set(bearer(admin))
        .send({ categories: [[]] }),
    ]);
    expect(answers.map((r) => [r.status, String(r.body.details?.[0]?.field ?? '')])).toEqual([
      [400, expect.stringMatching(/^victims/)],
      [400, expect.stringMatching(/^victims/)],
      [400, expect.stringMatching(/./)],
    ]);
  });
});
