import { apportion } from './national';

describe('apportioning synthetic units over regions', () => {
  it.each([
    [2100, [1, 1, 1]],
    [644, [2.26, 1.42, 1.22, 0.22]],
    [7, [0.5, 0.3, 0.2]],
    [0, [1, 2]],
  ])('splits %i exactly, in proportion to the weights', (total, weights) => {
    const counts = apportion(total, weights);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
    const sum = weights.reduce((a, b) => a + b, 0);
    counts.forEach((c, i) => expect(Math.abs(c - (total * weights[i]) / sum)).toBeLessThan(1));
  });
});
