import { PostSlots } from './post-slots';

describe('PostSlots', () => {
  it.each([
    {
      name: 'takes up to the limit for one post',
      steps: ['a', 'a', 'a'],
      limit: 2,
      taken: [true, true, false],
    },
    {
      name: 'counts each post apart',
      steps: ['a', 'a', 'b', 'b', 'a'],
      limit: 2,
      taken: [true, true, true, true, false],
    },
    {
      name: 'frees a slot on release',
      steps: ['a', 'a', '-a', 'a'],
      limit: 2,
      taken: [true, true, true, true],
    },
    {
      name: 'never goes below zero',
      steps: ['-a', '-a', 'a', 'a', 'a'],
      limit: 2,
      taken: [true, true, true, true, false],
    },
  ])('$name', ({ steps, limit, taken }) => {
    const slots = new PostSlots(limit);
    const got = steps.map((s) =>
      s.startsWith('-') ? (slots.release(s.slice(1)), true) : slots.take(s),
    );
    expect(got).toEqual(taken);
  });
});
