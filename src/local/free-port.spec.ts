import { freePort } from './services';

describe('free ports for the engines a run starts', () => {
  it('never hands out the same port twice, though the system offers closed ones again', async () => {
    const ports: number[] = [];
    for (let i = 0; i < 500; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
  });
});
