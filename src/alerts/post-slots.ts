/**
 * How many deliveries each police post may have in flight in one worker. A post whose receiver
 * hangs then holds at most `perPost` of the worker's slots while its requests time out, and the
 * other posts' deliveries keep the rest.
 */
export class PostSlots {
  private readonly inFlight = new Map<string, number>();

  constructor(readonly perPost: number) {}

  /** Takes a slot for the post; false when it already has `perPost` deliveries in flight. */
  take(postId: string): boolean {
    const held = this.inFlight.get(postId) ?? 0;
    if (held >= this.perPost) return false;
    this.inFlight.set(postId, held + 1);
    return true;
  }

  release(postId: string): void {
    const held = this.inFlight.get(postId) ?? 0;
    if (held <= 1) this.inFlight.delete(postId);
    else this.inFlight.set(postId, held - 1);
  }

  held(postId: string): number {
    return this.inFlight.get(postId) ?? 0;
  }
}
