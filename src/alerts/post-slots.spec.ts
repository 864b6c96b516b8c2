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

describe('PostSlots waiting for a slot', () => {
  const after = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('hands a released slot to the delivery waiting longest, at once', async () => {
    const slots = new PostSlots(2);
    expect(await slots.acquire('a', 1000)).toBe(true);
    expect(await slots.acquire('a', 1000)).toBe(true);
    const order: string[] = [];
    const first = slots.acquire('a', 1000).then((got) => order.push(`first ${got}`));
    const second = slots.acquire('a', 1000).then((got) => order.push(`second ${got}`));
    const started = Date.now();
    slots.release('a');
    await first;
    expect(Date.now() - started).toBeLessThan(100);
    slots.release('a');
    await second;
    expect(order).toEqual(['first true', 'second true']);
    expect(slots.held('a')).toBe(2);
    slots.release('a');
    slots.release('a');
    expect(slots.held('a')).toBe(0);
  });

  it('gives up after its wait, and the slot released later is free again', async () => {
    const slots = new PostSlots(1);
    slots.take('a');
    expect(await slots.acquire('a', 30)).toBe(false);
    expect(slots.waiters('a')).toBe(0);
    slots.release('a');
    expect(slots.held('a')).toBe(0);
    expect(slots.take('a')).toBe(true);
  });

  it('lets at most as many wait as a post has slots, so a hanging post holds twice that', async () => {
    const slots = new PostSlots(2);
    slots.take('hung');
    slots.take('hung');
    const waits = [1, 2, 3].map(() => slots.acquire('hung', 50));
    expect(await waits[2]).toBe(false);
    expect(slots.waiters('hung')).toBe(2);
    // Another post is not held up by them.
    expect(await slots.acquire('other', 50)).toBe(true);
    await after(60);
    expect(await Promise.all(waits)).toEqual([false, false, false]);
    expect(slots.waiters('hung')).toBe(0);
    expect(slots.held('hung')).toBe(2);
  });
});
