/** A calendar month as `YYYY-MM`; arithmetic on year and month, no time zones involved. */
export class Month {
  private constructor(
    readonly year: number,
    /** 1–12 */
    readonly month: number,
  ) {}

  static parse(text: string): Month | null {
    const m = /^(\d{4})-(\d{2})$/.exec(text);
    if (!m) return null;
    const [year, month] = [Number(m[1]), Number(m[2])];
    return year >= 2000 && year <= 2100 && month >= 1 && month <= 12
      ? new Month(year, month)
      : null;
  }

  /** The Asia/Almaty calendar month a moment falls in. */
  static of(date: Date): Month {
    const [year, month] = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Almaty',
      year: 'numeric',
      month: '2-digit',
    })
      .format(date)
      .split('-')
      .map(Number);
    return new Month(year, month);
  }

  plus(months: number): Month {
    const index = this.year * 12 + (this.month - 1) + months;
    return new Month(Math.floor(index / 12), (index % 12) + 1);
  }

  /** Months from this one to `other`, inclusive of both; negative if `other` is earlier. */
  until(other: Month): number {
    return other.year * 12 + other.month - (this.year * 12 + this.month);
  }

  /** The first day, as PostgreSQL's `date` (what the rollups are keyed by). */
  get firstDay(): string {
    return `${this.toString()}-01`;
  }

  toString(): string {
    return `${this.year}-${String(this.month).padStart(2, '0')}`;
  }
}
