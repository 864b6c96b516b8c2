/**
 * How many deliveries each police post may have in flight in one worker. A post whose receiver
 * hangs then holds at most `perPost` of the worker's slots while its requests time out, and the
 * other posts' deliveries keep the rest.
 *
 * A delivery that finds its post's slots all taken may wait for one, in the order they came:
 * a burst to a post that answers quickly goes out as fast as the receiver answers. At most
 * `perPost` deliveries wait per post, so a hanging post holds no more than twice `perPost` of
 * the worker's slots, and a wait ends after its time with no slot.
 */
export class PostSlots {
  private readonly inFlight = new Map<string, number>();
  private readonly waiting = new Map<string, Array<(taken: boolean) => void>>();

  constructor(readonly perPost: number) {}

  /** Takes a slot for the post; false when it already has `perPost` deliveries in flight. */
  take(postId: string): boolean {
    const held = this.inFlight.get(postId) ?? 0;
    if (held >= this.perPost) return false;
    this.inFlight.set(postId, held + 1);
    return true;
  }

  /**
   * Takes a slot, waiting up to `waitMs` for one to be released when all are taken. False when
   * none came in time, or when `perPost` deliveries already wait for this post.
   */
  acquire(postId: string, waitMs: number): Promise<boolean> {
    if (this.take(postId)) return Promise.resolve(true);
    const queue = this.waiting.get(postId) ?? [];
    if (queue.length >= this.perPost) return Promise.resolve(false);
    this.waiting.set(postId, queue);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        const at = queue.indexOf(waiter);
        if (at >= 0) queue.splice(at, 1);
        if (queue.length === 0 && this.waiting.get(postId) === queue) this.waiting.delete(postId);
        resolve(false);
      }, waitMs);
      const waiter = (taken: boolean) => {
        clearTimeout(timer);
        resolve(taken);
      };
      queue.push(waiter);
    });
  }

  /** Frees a slot: the first delivery waiting for this post gets it, else it is free again. */
  release(postId: string): void {
    const queue = this.waiting.get(postId);
    const next = queue?.shift();
    if (queue?.length === 0) this.waiting.delete(postId);
    if (next) return next(true);
    const held = this.inFlight.get(postId) ?? 0;
    if (held <= 1) this.inFlight.delete(postId);
    else this.inFlight.set(postId, held - 1);
  }

  held(postId: string): number {
    return this.inFlight.get(postId) ?? 0;
  }

  waiters(postId: string): number {
    return this.waiting.get(postId)?.length ?? 0;
  }
}
